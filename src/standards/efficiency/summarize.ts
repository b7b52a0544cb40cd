import { isCompleted, wasSent, type LoadSpec, type RequestRecord, type TokenSource } from "../../records/record.js";
import { distribution, type Distribution } from "../../stats/distribution.js";
import { clientLimitReasons, type ClientHealth } from "./client-health.js";
import type { Capacity } from "./capacity.js";
import type { LevelCut } from "./level-cut.js";
import { requestTiming } from "./request-timing.js";
import type { PrometheusDelta, ServerSignals } from "./server-signals.js";
import { checkLevelSlo, requestMeetsSlo, sloObject, type SloTerm } from "./slo.js";

/** Schema id of summary.json and of `--json` output. */
export const BENCH_SUMMARY_SCHEMA = "infermark.bench/1";

/** Per-level goodput under the run's SLO. */
export interface Goodput {
  /** Measured requests per second that completed and met every SLO term; failures count as misses. */
  requests_per_s: number;
  /** Share of every measured arrival (completed, failed or dropped) that met every term. */
  fraction: number;
  slo: Record<string, number>;
  /** True when every term holds for the level's distribution (the level passes its SLO). */
  met: boolean;
  /** Each term's value at this level (null when its distribution is empty). */
  values: Record<string, number | null>;
  /** Terms over an empty distribution at this level: reported, never failing the level by themselves. */
  not_applicable: string[];
}

/** Efficiency metrics of one load level. */
export interface LevelSummary {
  level: number;
  load: LoadSpec;
  /** Requests per second the schedule offered (rate mode), else null. */
  offered_rate: number | null;
  /** Completed measured requests per second over the measured window. */
  achieved_rate: number;
  requests: {
    sent: number;
    completed: number;
    failed: number;
    /** Never sent: still waiting for a --max-concurrency slot when the level ended. */
    dropped: number;
    /** Sent more than LATE_MS after their intended time. */
    late: number;
    errors: Record<string, number>;
  };
  /** From the first request sent to the last stream closed, in seconds. */
  duration_s: number;
  throughput: { requests_per_s: number; input_tokens_per_s: number; output_tokens_per_s: number; total_tokens_per_s: number };
  latency_ms: {
    ttft: Distribution;
    tpot: Distribution;
    itl: Distribution;
    icl: Distribution;
    e2e: Distribution;
    schedule_lag: Distribution;
    response: Distribution;
  };
  /** Timer error of the open-loop scheduler: release time − intended time (ms). */
  pacing_ms: Distribution;
  tokens: { input: number; output: number; output_source: TokenSource | null; mismatches: number };
  goodput: Goodput | null;
  client: ClientHealth | null;
  server: ServerSignals | null;
  validity: { client_limited: boolean; cap_limited: boolean; saturated: boolean; itl_estimated: boolean; warnings: string[] };
  /** Present when the level did not run to its end (a crash or Ctrl-C): what was planned and what is on disk. */
  cut?: LevelCut;
}

/** The bench summary: what summary.json holds and `--json` prints. */
export interface BenchSummary {
  schema: typeof BENCH_SUMMARY_SCHEMA;
  target: Record<string, unknown>;
  slo: Record<string, number> | null;
  levels: LevelSummary[];
  /** The capacity search result, with --find-max. */
  capacity?: Capacity;
  /** Levels of a fixed schedule that never started (the run stopped before them); absent when every level ran. */
  levels_not_run?: Array<{ level: number; load: LoadSpec }>;
}

/** What the summary needs beyond the records: the SLO and what was observed per level. */
export interface SummaryContext {
  slo?: readonly SloTerm[];
  client?: ReadonlyMap<number, ClientHealth>;
  /** The server's /metrics change over each level, by level index. */
  prometheus?: ReadonlyMap<number, PrometheusDelta>;
  /** Each level's duration (s), by level index, for imported runs whose records carry no real send times. */
  durations?: readonly number[];
}

/** A request sent later than this after its intended time counts as late (ms). */
export const LATE_MS = 10;
/** Pacing error p99 above this means the client's timer could not keep the schedule (ms). */
export const PACING_LIMIT_MS = 10;
/** Percentile and the sample count below which it is unstable. */
const SAMPLE_NEEDS: Array<[string, number]> = [
  ["p99", 1000],
  ["p90", 100],
];

const TRUST: TokenSource[] = ["usage", "tokenizer", "chunks", "workload"];

/** A record's output count disagrees with the client's own count (tokenizer, else chunks). */
function isMismatch(r: RequestRecord): boolean {
  const server = r.tokens.output_usage;
  if (server === null) return false;
  return server !== (r.tokens.output_tokenizer ?? r.tokens.output_chunks);
}

function median(xs: number[]): number {
  return distribution(xs).p50 ?? 0;
}

/**
 * The server's queue grew during the level: the last third of requests (in send order) waited
 * longer for their first token than the first third did, by more than one typical request
 * (the first third's median E2E).
 */
function queueGrew(timings: Array<{ tSent: number; ttft: number; e2e: number }>): boolean {
  if (timings.length < 9) return false;
  const sorted = [...timings].sort((a, b) => a.tSent - b.tSent);
  const third = Math.floor(sorted.length / 3);
  const first = sorted.slice(0, third);
  const last = sorted.slice(-third);
  return median(last.map((t) => t.ttft)) - median(first.map((t) => t.ttft)) > median(first.map((t) => t.e2e));
}

/** The largest max_tokens a request asked for, from its body as sent. */
function requestedMax(r: RequestRecord): number | null {
  const b = r.request.body;
  const v = b.max_tokens ?? b.max_completion_tokens;
  return typeof v === "number" ? v : null;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Server timings carried by the records and the server's /metrics delta, with the latency split they allow. */
function serverSignals(records: readonly RequestRecord[], latency: LevelSummary["latency_ms"], prometheus: PrometheusDelta | null): ServerSignals | null {
  const prompt: number[] = [];
  const predicted: number[] = [];
  for (const r of records) {
    const t = r.server_timing;
    if (r.error !== null || !t || t.prompt_ms === null || t.predicted_ms === null) continue;
    prompt.push(t.prompt_ms);
    predicted.push(t.predicted_ms);
  }
  const timings = prompt.length > 0 ? { n: prompt.length, prompt_ms_mean: mean(prompt), predicted_ms_mean: mean(predicted) } : null;
  if (!timings && !prometheus) return null;
  const e2e = latency.e2e.mean;
  const client = latency.schedule_lag.mean ?? 0;
  let split: ServerSignals["split_ms"] = null;
  if (e2e !== null && timings) {
    const server = timings.prompt_ms_mean + timings.predicted_ms_mean;
    split = { e2e, client, queue: null, network: null, network_and_queue: e2e - server, server, source: "timings" };
  } else if (e2e !== null && prometheus?.e2e_ms_mean != null) {
    const queue = prometheus.queue_time_ms_mean;
    const server = prometheus.e2e_ms_mean - (queue ?? 0);
    split = { e2e, client, queue, network: queue !== null ? e2e - prometheus.e2e_ms_mean : null, network_and_queue: e2e - server, server, source: "prometheus" };
  }
  return { prometheus, timings, split_ms: split };
}

/** What to try when the client limited a level, for the target at hand. */
function clientAdvice(h: ClientHealth | null): string {
  // The embedded engine computes in this process: only a lighter load frees the client.
  if (h?.cpu_is_client === false) return "try a lighter load (--concurrency/--parallel)";
  return `try --workers ${Math.max(2, (h?.threads ?? 1) * 2)}, a lighter load, or a client on another machine (see infermark calibrate)`;
}

/** Summarises the measured records of one level (warmup and cooldown excluded by the caller). Pure: same input, same numbers. */
export function summarizeLevel(level: number, load: LoadSpec, records: readonly RequestRecord[], ctx: SummaryContext = {}): LevelSummary {
  const errors: Record<string, number> = {};
  const ttft: number[] = [];
  const tpot: number[] = [];
  const itl: number[] = [];
  const icl: number[] = [];
  const e2e: number[] = [];
  const scheduleLag: number[] = [];
  const response: number[] = [];
  const pacing: number[] = [];
  const forQueue: Array<{ tSent: number; ttft: number; e2e: number }> = [];
  let completed = 0;
  let dropped = 0;
  let late = 0;
  let met = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let mismatches = 0;
  let rejectedUsage = 0;
  let stoppedEarly = 0;
  let cached = 0;
  let itlEstimated = false;
  let start = Infinity;
  let end = -Infinity;
  let firstEnd = Infinity;
  let lastEnd = -Infinity;
  let firstIntended = Infinity;
  let lastIntended = -Infinity;
  const sources = new Set<TokenSource>();
  const slo = ctx.slo ?? [];

  for (const r of records) {
    if (r.t_released !== undefined) pacing.push(r.t_released - r.t_intended);
    if (!wasSent(r)) {
      dropped++;
      continue;
    }
    start = Math.min(start, r.t_sent);
    end = Math.max(end, r.t_end);
    firstIntended = Math.min(firstIntended, r.t_intended);
    lastIntended = Math.max(lastIntended, r.t_intended);
    if (r.t_sent - r.t_intended > LATE_MS) late++;
    if (!isCompleted(r)) {
      const kind = r.error!.kind;
      errors[kind] = (errors[kind] ?? 0) + 1;
      continue;
    }
    completed++;
    firstEnd = Math.min(firstEnd, r.t_end);
    lastEnd = Math.max(lastEnd, r.t_end);
    const t = requestTiming(r);
    if (t.ttft !== null) ttft.push(t.ttft);
    if (t.tpot !== null) tpot.push(t.tpot);
    if (t.e2e !== null) e2e.push(t.e2e);
    if (t.ttft !== null && t.e2e !== null) forQueue.push({ tSent: r.t_sent, ttft: t.ttft, e2e: t.e2e });
    scheduleLag.push(t.scheduleLag);
    if (t.response !== null) response.push(t.response);
    for (const g of t.itl) itl.push(g);
    for (const g of t.icl) icl.push(g);
    itlEstimated ||= t.itlEstimated;
    if (slo.length > 0 && requestMeetsSlo(t, slo)) met++;
    inputTokens += r.tokens.input ?? 0;
    outputTokens += r.tokens.output;
    sources.add(r.tokens.output_source);
    if (isMismatch(r)) mismatches++;
    if (r.tokens.usage_rejected) rejectedUsage++;
    const max = requestedMax(r);
    if (max !== null && r.tokens.output < max && r.finish_reason === "stop") stoppedEarly++;
    if ((r.tokens.cached_input ?? 0) > 0) cached++;
  }

  const sent = records.length - dropped;
  const failed = sent - completed;
  const imported = ctx.durations?.[level];
  const duration = imported ?? (sent > 0 ? (end - start) / 1000 : 0);
  const rate = (x: number): number => (duration > 0 ? x / duration : 0);
  const outputSource = TRUST.filter((s) => sources.has(s)).at(-1) ?? null;
  const latency = {
    ttft: distribution(ttft),
    tpot: distribution(tpot),
    itl: distribution(itl),
    icl: distribution(icl),
    e2e: distribution(e2e),
    schedule_lag: distribution(scheduleLag),
    response: distribution(response),
  };
  const pacingD = distribution(pacing);
  const offered = load.mode === "rate" ? load.value : null;
  const achieved = rate(completed);
  const client = ctx.client?.get(level) ?? null;
  const server = serverSignals(records, latency, ctx.prometheus?.get(level) ?? null);

  const warnings: string[] = [];
  // Lag is all the client's own unless arrivals wait for a --max-concurrency slot by design.
  const clientLag = load.mode === "concurrency" || load.max_concurrency === null ? latency.schedule_lag.p99 : null;
  const clientReasons = client ? clientLimitReasons({ health: client, clientLagP99: clientLag }) : [];
  if (pacingD.p99 !== null && pacingD.p99 > PACING_LIMIT_MS) clientReasons.push(`the scheduler released requests late (pacing p99 ${pacingD.p99.toFixed(1)} ms > ${PACING_LIMIT_MS} ms)`);
  const clientLimited = clientReasons.length > 0;
  if (clientLimited) warnings.push(`client-limited: ${clientReasons.join("; ")}; ${clientAdvice(client)}`);
  const capLimited = load.mode === "rate" && load.max_concurrency !== null && sent > 0 && (late + dropped) / (sent + dropped) >= 0.05 && !clientLimited;
  if (capLimited) warnings.push(`cap-limited: ${late} of ${sent} requests waited over ${LATE_MS} ms for one of the --max-concurrency ${load.max_concurrency} slots${dropped ? `, ${dropped} were dropped` : ""}; the server did not see the offered load`);
  // A server that keeps up finishes requests as fast as they arrive: the span of stream ends
  // matches the span of intended sends, give or take one request's latency.
  const fellBehind = completed >= 2 && lastEnd - firstEnd > 1.1 * (lastIntended - firstIntended) + (latency.e2e.p50 ?? 0);
  const saturated = load.mode === "rate" && !capLimited && !clientLimited && (queueGrew(forQueue) || fellBehind);
  if (saturated) warnings.push(`saturated: the server fell behind the arrivals (its queue grew; later requests waited longer); this rate is past its capacity`);
  if (offered !== null && fellBehind) warnings.push(`achieved rate ${achieved.toFixed(2)} req/s is below the offered ${offered} req/s`);
  if (itlEstimated) warnings.push("some chunks carried several tokens: ITL splits their gap evenly (estimated)");
  if (sources.size > 1) warnings.push(`output token counts come from several sources (${[...sources].join(", ")})`);
  if (mismatches > 0) warnings.push(`${mismatches} requests: server usage disagrees with the client's token count`);
  if (rejectedUsage > 0) warnings.push(`${rejectedUsage} requests: the server's usage held values that are not token counts (negative or fractional; see tokens.usage_rejected): counted by the client instead`);
  if (stoppedEarly > 0) warnings.push(`${stoppedEarly} of ${completed} requests stopped before max_tokens (finish_reason stop): output length was not held fixed; pass --ignore-eos where the server supports it`);
  if (cached > 0) warnings.push(`${cached} of ${completed} requests had prompt tokens served from the server's prefix cache (usage cached_tokens): TTFT reflects cache hits`);
  if (failed > 0) warnings.push(`${failed} of ${sent} requests failed`);
  if (imported !== undefined) warnings.push("imported run: duration from the source file; send times are the source tool's (schedule lag and response are only as good as its records)");
  for (const [stat, need] of SAMPLE_NEEDS) {
    if (ttft.length > 0 && ttft.length < need) {
      warnings.push(`${stat} rests on ${ttft.length} requests; a stable ${stat} needs ~${need.toLocaleString("en-US")}`);
      break;
    }
  }

  let goodput: Goodput | null = null;
  if (slo.length > 0) {
    const check = checkLevelSlo(latency, slo);
    // Every measured arrival counts, dropped ones too: the SLO is the users' experience of the offered load.
    const arrivals = records.length;
    goodput = { requests_per_s: rate(met), fraction: arrivals > 0 ? met / arrivals : 0, slo: sloObject(slo), met: check.met, values: check.values, not_applicable: check.not_applicable };
  }

  return {
    level,
    load,
    offered_rate: offered,
    achieved_rate: achieved,
    requests: { sent, completed, failed, dropped, late, errors },
    duration_s: duration,
    throughput: {
      requests_per_s: achieved,
      input_tokens_per_s: rate(inputTokens),
      output_tokens_per_s: rate(outputTokens),
      total_tokens_per_s: rate(inputTokens + outputTokens),
    },
    latency_ms: latency,
    pacing_ms: pacingD,
    tokens: { input: inputTokens, output: outputTokens, output_source: outputSource, mismatches },
    goodput,
    client,
    server,
    validity: { client_limited: clientLimited, cap_limited: capLimited, saturated, itl_estimated: itlEstimated, warnings },
  };
}

/** Measured records of each level, by level index, in level order. */
export function measuredByLevel(records: readonly RequestRecord[]): Array<[number, RequestRecord[]]> {
  const byLevel = new Map<number, RequestRecord[]>();
  for (const r of records) {
    // Cached answers carry no real timing.
    if (r.phase !== "measure" || r.cached) continue;
    let list = byLevel.get(r.level);
    if (!list) byLevel.set(r.level, (list = []));
    list.push(r);
  }
  return [...byLevel.entries()].sort((a, b) => a[0] - b[0]);
}

/** Summarises a whole run from its records: one entry per load level, warmup and cooldown excluded. */
export function summarizeBench(target: Record<string, unknown>, records: readonly RequestRecord[], ctx: SummaryContext = {}): BenchSummary {
  const levels = measuredByLevel(records).map(([level, recs]) => summarizeLevel(level, recs[0]!.load, recs, ctx));
  return { schema: BENCH_SUMMARY_SCHEMA, target, slo: ctx.slo?.length ? sloObject(ctx.slo) : null, levels };
}
