import { isCompleted, wasSent, type LoadSpec, type RequestRecord, type TokenSource } from "../../records/record.js";
import { distributionOfSorted, type Distribution } from "../../stats/distribution.js";
import { RowSample } from "../../stats/row-sample.js";
import { DEFAULT_RELATIVE_ERROR, StreamingDistribution } from "../../stats/streaming-distribution.js";
import type { ClientHealth } from "./client-health.js";
import { goodput } from "./goodput.js";
import { LATENCY_METRICS, type LatencyDistributions, type LatencyMetricName } from "./latency-metrics.js";
import type { LevelSummary } from "./level-summary.js";
import { requestTiming } from "./request-timing.js";
import { serverSignals, type PrometheusDelta } from "./server-signals.js";
import { requestMeetsSlo, type SloTerm } from "./slo.js";
import { LATE_MS, validity, type LevelFacts } from "./validity.js";

/**
 * Values a level keeps exactly, per distribution: past this many, percentiles come from a
 * log-bucketed histogram (relative error `DEFAULT_RELATIVE_ERROR`) and the distribution says so.
 * Per-request metrics stop at 2·10⁴ (six of them, 0.96 MB): a level of more requests than that is
 * a long run, whose memory must not grow with its length, and at 2·10⁴ values a p99's own sampling
 * interval (±28 ranks) is wider than the histogram's 0.1 % in any latency tail. At 10⁵ a 300k-request
 * run peaked at 1.25–1.31× a 30k one (bench/README.md), at 2·10⁴ 1.11–1.13×. Gaps come 100s to a
 * request, so they keep 10⁶.
 */
export const EXACT_REQUEST_VALUES_CAP = 20_000;
export const EXACT_GAP_VALUES_CAP = 1_000_000;

/**
 * Send-order rows the queue-growth check holds: past this many, a seeded uniform sample of them.
 * It compares medians of thirds, which 2·10⁴ rows estimate to well within a typical request's
 * latency, so the 24 bytes a request it would otherwise keep are not worth a long run's memory.
 */
export const QUEUE_ROWS_CAP = 20_000;

/** How much a level keeps exactly (tests lower the caps to reach the approximate path quickly). */
export interface AccumulatorLimits {
  /** Per-request values kept exactly, per metric (and send-order rows for the queue check). */
  requests: number;
  /** Gaps kept exactly, per gap metric. */
  gaps: number;
  relativeError: number;
}

export const DEFAULT_LIMITS: AccumulatorLimits = {
  requests: EXACT_REQUEST_VALUES_CAP,
  gaps: EXACT_GAP_VALUES_CAP,
  relativeError: DEFAULT_RELATIVE_ERROR,
};

/** What the summary needs beyond a level's records: what was observed of the level as a whole. */
export interface LevelObservations {
  client: ClientHealth | null;
  prometheus: PrometheusDelta | null;
  /** The level's duration (s) from the source file, for imported runs whose records carry no real send times. */
  importedDurationS?: number;
}

/** A record's output count disagrees with the client's own count (tokenizer, else chunks). */
function isMismatch(r: RequestRecord): boolean {
  const server = r.tokens.output_usage;
  if (server === null) return false;
  return server !== (r.tokens.output_tokenizer ?? r.tokens.output_chunks);
}

/** The largest max_tokens a request asked for, from its body as sent. */
function requestedMax(r: RequestRecord): number | null {
  const b = r.request.body;
  const v = b.max_tokens ?? b.max_completion_tokens;
  return typeof v === "number" ? v : null;
}

function median(xs: Float64Array): number {
  return distributionOfSorted(xs.sort()).p50 ?? 0;
}

/**
 * The server's queue grew during the level: the last third of requests (in send order) waited
 * longer for their first token than the first third did, by more than one typical request
 * (the first third's median E2E). Rows: send time, TTFT, E2E, in arrival order.
 *
 * The thirds are found from the send time at their boundary (a sorted copy of the send times) instead
 * of sorting the rows, with ties at a boundary going to the rows that arrived first, as a stable
 * sort would order them: the same sets, without an index array or a copy of the rows.
 */
export function queueGrew(rows: Pick<RowSample, "length" | "at">): boolean {
  const n = rows.length;
  if (n < 9) return false;
  const third = Math.floor(n / 3);
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = rows.at(0, i);
  sorted.sort();
  const low = sorted[third - 1] ?? Number.NaN;
  const high = sorted[n - third] ?? Number.NaN;
  // How many rows tied at each boundary belong to the third: below `low` all do, at `low` the first few.
  let lowTies = third;
  let highTies = third;
  let highCount = 0;
  for (let i = 0; i < n; i++) {
    const t = rows.at(0, i);
    if (t < low) lowTies--;
    if (t > high) highTies--;
    if (t === high) highCount++;
  }
  const firstTtft = new Float64Array(third);
  const firstE2e = new Float64Array(third);
  const lastTtft = new Float64Array(third);
  let f = 0;
  let l = 0;
  let seenHigh = 0;
  for (let i = 0; i < n; i++) {
    const t = rows.at(0, i);
    if (t < low || (t === low && lowTies-- > 0)) {
      firstTtft[f] = rows.at(1, i);
      firstE2e[f++] = rows.at(2, i);
    }
    // Of the rows tied at `high`, the last `highTies` to arrive are in the last third.
    if (t > high || (t === high && seenHigh++ >= highCount - highTies)) lastTtft[l++] = rows.at(1, i);
  }
  return median(lastTtft) - median(firstTtft) > median(firstE2e);
}

/**
 * The facts of one level, gathered one record at a time (`add`), then turned into its summary
 * (`finish`). Holds no record: per-request values as doubles, gaps up to a cap and then a
 * histogram, counters and extremes, so a level of any length runs in bounded memory.
 */
export class LevelAccumulator {
  private readonly latency: LatencyDistributions<StreamingDistribution>;
  private readonly pacing: StreamingDistribution;
  /** Send time, TTFT and E2E of answered requests, for the queue-growth check. */
  private readonly sendOrder: RowSample;
  private readonly errors: Record<string, number> = {};
  private readonly sources = new Set<TokenSource>();
  private arrivals = 0;
  private completed = 0;
  private dropped = 0;
  private late = 0;
  private met = 0;
  private inputTokens = 0;
  private outputTokens = 0;
  private mismatches = 0;
  private rejectedUsage = 0;
  private stoppedEarly = 0;
  private cached = 0;
  private itlEstimated = false;
  private start = Infinity;
  private end = -Infinity;
  private lastSent = -Infinity;
  private firstEnd = Infinity;
  private lastEnd = -Infinity;
  private firstIntended = Infinity;
  private lastIntended = -Infinity;
  /** Server-reported prompt and generation times (llama.cpp `timings`) of completed requests. */
  private timings = { n: 0, prompt: 0, predicted: 0 };

  constructor(
    readonly load: LoadSpec,
    private readonly slo: readonly SloTerm[] = [],
    limits: AccumulatorLimits = DEFAULT_LIMITS,
  ) {
    const dist = (cap: number): StreamingDistribution => new StreamingDistribution(cap, limits.relativeError);
    const latency: Partial<Record<LatencyMetricName, StreamingDistribution>> = {};
    for (const m of LATENCY_METRICS) latency[m.name] = dist(m.per === "request" ? limits.requests : limits.gaps);
    this.latency = latency as LatencyDistributions<StreamingDistribution>;
    this.pacing = dist(limits.requests);
    this.sendOrder = new RowSample(3, Math.min(limits.requests, QUEUE_ROWS_CAP));
  }

  /** Adds one measured record (warmup, cooldown and cached answers are the caller's to leave out). */
  add(r: RequestRecord): void {
    this.arrivals++;
    if (r.t_released !== undefined) this.pacing.add(r.t_released - r.t_intended);
    if (!wasSent(r)) {
      this.dropped++;
      return;
    }
    this.start = Math.min(this.start, r.t_sent);
    this.lastSent = Math.max(this.lastSent, r.t_sent);
    this.end = Math.max(this.end, r.t_end);
    this.firstIntended = Math.min(this.firstIntended, r.t_intended);
    this.lastIntended = Math.max(this.lastIntended, r.t_intended);
    if (r.t_sent - r.t_intended > LATE_MS) this.late++;
    if (!isCompleted(r)) {
      const kind = r.error?.kind ?? "unknown";
      this.errors[kind] = (this.errors[kind] ?? 0) + 1;
      return;
    }
    this.completed++;
    this.firstEnd = Math.min(this.firstEnd, r.t_end);
    this.lastEnd = Math.max(this.lastEnd, r.t_end);
    const t = requestTiming(r);
    for (const m of LATENCY_METRICS) {
      const d = this.latency[m.name];
      if (m.per === "request") {
        const v = m.value(t);
        if (v !== null) d.add(v);
      } else for (const g of m.gaps(t)) d.add(g);
    }
    if (t.ttft !== null && t.e2e !== null) this.sendOrder.add([r.t_sent, t.ttft, t.e2e]);
    this.itlEstimated ||= t.itlEstimated;
    if (this.slo.length > 0 && requestMeetsSlo(t, this.slo)) this.met++;
    this.inputTokens += r.tokens.input ?? 0;
    this.outputTokens += r.tokens.output;
    this.sources.add(r.tokens.output_source);
    if (isMismatch(r)) this.mismatches++;
    if (r.tokens.usage_rejected) this.rejectedUsage++;
    const max = requestedMax(r);
    if (max !== null && r.tokens.output < max && r.finish_reason === "stop") this.stoppedEarly++;
    if ((r.tokens.cached_input ?? 0) > 0) this.cached++;
    const st = r.server_timing;
    if (st && st.prompt_ms !== null && st.predicted_ms !== null) {
      this.timings.n++;
      this.timings.prompt += st.prompt_ms;
      this.timings.predicted += st.predicted_ms;
    }
  }

  /** The level's summary from what was added. Pure in the records added: the same records in the same order give the same numbers. */
  finish(level: number, obs: LevelObservations = { client: null, prometheus: null }): LevelSummary {
    const { load } = this;
    const sent = this.arrivals - this.dropped;
    const failed = sent - this.completed;
    const imported = obs.importedDurationS;
    const duration = imported ?? (sent > 0 ? (this.end - this.start) / 1000 : 0);
    const rate = (x: number): number => (duration > 0 ? x / duration : 0);
    const latency: Partial<Record<LatencyMetricName, Distribution>> = {};
    for (const m of LATENCY_METRICS) latency[m.name] = this.latency[m.name].finish();
    const lat = latency as LatencyDistributions<Distribution>;
    const pacing = this.pacing.finish();
    const offered = load.mode === "rate" ? load.value : null;
    const achieved = rate(this.completed);
    // A server that keeps up finishes requests as fast as they arrive: the span of stream ends
    // matches the span of intended sends, give or take one request's latency.
    const fellBehind =
      this.completed >= 2 &&
      this.lastEnd - this.firstEnd > 1.1 * (this.lastIntended - this.firstIntended) + (lat.e2e.p50 ?? 0);
    const approximated = [
      ...LATENCY_METRICS.filter((m) => this.latency[m.name].approximate).map((m) => m.name),
      ...(this.pacing.approximate ? ["pacing"] : []),
    ];
    const facts: LevelFacts = {
      load,
      sent,
      completed: this.completed,
      failed,
      dropped: this.dropped,
      late: this.late,
      achieved,
      offered,
      latency: lat,
      pacing,
      client: obs.client,
      fellBehind,
      queueGrew: queueGrew(this.sendOrder),
      itlEstimated: this.itlEstimated,
      sources: this.sources,
      mismatches: this.mismatches,
      rejectedUsage: this.rejectedUsage,
      stoppedEarly: this.stoppedEarly,
      cached: this.cached,
      imported: imported !== undefined,
      approximated,
      durationS: duration,
      sendSpanS: sent > 0 ? (this.lastSent - this.start) / 1000 : 0,
      sendOrderSampled: this.sendOrder.sampled ? this.sendOrder.length : null,
    };
    const t = this.timings;
    const timings = t.n > 0 ? { n: t.n, prompt_ms_mean: t.prompt / t.n, predicted_ms_mean: t.predicted / t.n } : null;
    return {
      level,
      load,
      offered_rate: offered,
      achieved_rate: achieved,
      requests: {
        sent,
        completed: this.completed,
        failed,
        dropped: this.dropped,
        late: this.late,
        errors: this.errors,
      },
      duration_s: duration,
      throughput: {
        requests_per_s: achieved,
        input_tokens_per_s: rate(this.inputTokens),
        output_tokens_per_s: rate(this.outputTokens),
        total_tokens_per_s: rate(this.inputTokens + this.outputTokens),
      },
      latency_ms: lat,
      pacing_ms: pacing,
      tokens: {
        input: this.inputTokens,
        output: this.outputTokens,
        output_source: outputSource(this.sources),
        mismatches: this.mismatches,
      },
      goodput: goodput(this.slo, lat, { met: this.met, arrivals: this.arrivals, rate }),
      client: obs.client,
      server: serverSignals(timings, lat, obs.prometheus),
      validity: validity(facts),
    };
  }
}

const TRUST: TokenSource[] = ["usage", "tokenizer", "chunks", "workload"];

/** The least trusted source any request's output count came from. */
function outputSource(sources: ReadonlySet<TokenSource>): TokenSource | null {
  return TRUST.filter((s) => sources.has(s)).at(-1) ?? null;
}
