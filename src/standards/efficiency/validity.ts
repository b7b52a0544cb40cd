import type { LoadSpec, TokenSource } from "../../records/record.js";
import type { Distribution } from "../../stats/distribution.js";
import { clientLimitReasons, type ClientHealth } from "./client-health.js";
import type { LatencyDistributions } from "./latency-metrics.js";
import type { Validity } from "./level-summary.js";

/** A request sent later than this after its intended time counts as late (ms). */
export const LATE_MS = 10;
/** Pacing error p99 above this means the client's timer could not keep the schedule (ms). */
export const PACING_LIMIT_MS = 10;
/** Percentile and the sample count below which it is unstable. */
const SAMPLE_NEEDS: Array<[string, number]> = [
  ["p99", 1000],
  ["p90", 100],
];

/** What a level's checks look at: its counts and distributions, already gathered. */
export interface LevelFacts {
  load: LoadSpec;
  sent: number;
  completed: number;
  failed: number;
  dropped: number;
  late: number;
  achieved: number;
  offered: number | null;
  latency: LatencyDistributions<Distribution>;
  pacing: Distribution;
  client: ClientHealth | null;
  /** The span of stream ends outgrew the span of intended sends by more than one request's latency. */
  fellBehind: boolean;
  /** Later requests (by send time) waited longer for their first token than earlier ones, by more than one request. */
  queueGrew: boolean;
  itlEstimated: boolean;
  /** Output-count sources, in the order first seen. */
  sources: ReadonlySet<TokenSource>;
  mismatches: number;
  rejectedUsage: number;
  stoppedEarly: number;
  cached: number;
  imported: boolean;
  /** Distributions whose percentiles come from a histogram (more values than kept exactly). */
  approximated: string[];
  /** Rows the queue check was judged on, when it is a sample of the level's requests; null when it saw every request. */
  sendOrderSampled: number | null;
  /** The duration achieved is taken over: first send to last stream end (s). */
  durationS: number;
  /** First send to last send (s): the duration less the stream tail. */
  sendSpanS: number;
}

/** Achieved below this share of offered is explained, even when the server kept up. */
const BELOW_OFFERED = 0.95;

/** The unstable percentile a level of `n` requests reports and the count it needs, or null when n suffices. */
export function thinPercentile(n: number): { percentile: string; need: number } | null {
  const thin = SAMPLE_NEEDS.find(([, need]) => n > 0 && n < need);
  return thin ? { percentile: thin[0], need: thin[1] } : null;
}

/** The thin-percentile warning of a level whose TTFT rests on `n` requests, or null. */
export function thinPercentileWarning(n: number): string | null {
  const t = thinPercentile(n);
  return t
    ? `${t.percentile} rests on ${n} requests; a stable ${t.percentile} needs ~${t.need.toLocaleString("en-US")}`
    : null;
}

/**
 * Why achieved is below offered: achieved counts completions over first send to last stream end,
 * so the stream tail after the last send is in the denominator, and a server that falls behind
 * stretches it further.
 */
function belowOffered(f: LevelFacts): string | null {
  if (f.offered === null || f.imported || f.completed === 0) return null;
  if (!f.fellBehind && !(f.achieved < BELOW_OFFERED * f.offered)) return null;
  const tail = Math.max(0, f.durationS - f.sendSpanS);
  const share = f.durationS > 0 ? (100 * tail) / f.durationS : 0;
  const why =
    `achieved = ${f.completed} completed / ${f.durationS.toFixed(2)} s from first send to last stream end; ` +
    `the sends took ${f.sendSpanS.toFixed(2)} s and the stream tail after the last send ${tail.toFixed(2)} s (${share.toFixed(0)}% of the duration)`;
  const behind = f.fellBehind ? "; the server fell behind: stream ends spread over more time than the sends" : "";
  return `achieved rate ${f.achieved.toFixed(2)} req/s is below the offered ${f.offered} req/s: ${why}${behind}`;
}

/** The three verdicts, each excluding the ones before it: a client-limited level is not judged cap-limited, and neither is judged saturated. */
interface Verdicts {
  clientReasons: string[];
  clientLimited: boolean;
  capLimited: boolean;
  saturated: boolean;
}

/** What to try when the client limited a level, for the target at hand. */
function clientAdvice(h: ClientHealth | null): string {
  // The embedded engine computes in this process: only a lighter load frees the client.
  if (h?.cpu_is_client === false) return "try a lighter load (--concurrency/--parallel)";
  // --workers is advice only where the target runs on worker threads.
  if (h?.workers_apply === false) return "try a lighter load or a client on another machine";
  return `try --workers ${Math.max(2, (h?.threads ?? 1) * 2)}, a lighter load, or a client on another machine (see infermark calibrate)`;
}

function verdicts(f: LevelFacts): Verdicts {
  const { load, client } = f;
  // Lag is all the client's own unless arrivals wait for a --max-concurrency slot by design.
  const clientLag = load.mode === "concurrency" || load.max_concurrency === null ? f.latency.schedule_lag.p99 : null;
  const clientReasons = client ? clientLimitReasons({ health: client, clientLagP99: clientLag }) : [];
  if (f.pacing.p99 !== null && f.pacing.p99 > PACING_LIMIT_MS)
    clientReasons.push(
      `the scheduler released requests late (pacing p99 ${f.pacing.p99.toFixed(1)} ms > ${PACING_LIMIT_MS} ms)`,
    );
  const clientLimited = clientReasons.length > 0;
  const capLimited =
    load.mode === "rate" &&
    load.max_concurrency !== null &&
    f.sent > 0 &&
    (f.late + f.dropped) / (f.sent + f.dropped) >= 0.05 &&
    !clientLimited;
  const saturated = load.mode === "rate" && !capLimited && !clientLimited && (f.queueGrew || f.fellBehind);
  return { clientReasons, clientLimited, capLimited, saturated };
}

/** One validity check: the warning it gives on a level, or null. */
export interface ValidityCheck {
  name: string;
  warn(f: LevelFacts, v: Verdicts): string | null;
}

/** Every warning a level can carry, in the order they are printed. */
export const VALIDITY_CHECKS: readonly ValidityCheck[] = [
  {
    name: "client_limited",
    warn: (f, v) =>
      v.clientLimited ? `client-limited: ${v.clientReasons.join("; ")}; ${clientAdvice(f.client)}` : null,
  },
  {
    name: "cap_limited",
    warn: (f, v) =>
      v.capLimited && f.load.mode === "rate"
        ? `cap-limited: ${f.late} of ${f.sent} requests waited over ${LATE_MS} ms for one of the --max-concurrency ${f.load.max_concurrency} slots${f.dropped ? `, ${f.dropped} were dropped` : ""}; the server did not see the offered load`
        : null,
  },
  {
    name: "saturated",
    warn: (_f, v) =>
      v.saturated
        ? "saturated: the server fell behind the arrivals (its queue grew; later requests waited longer); this rate is past its capacity"
        : null,
  },
  {
    name: "below_offered",
    warn: belowOffered,
  },
  {
    name: "itl_estimated",
    warn: (f) =>
      f.itlEstimated ? "some chunks carried several tokens: ITL splits their gap evenly (estimated)" : null,
  },
  {
    name: "token_sources",
    warn: (f) =>
      f.sources.size > 1 ? `output token counts come from several sources (${[...f.sources].join(", ")})` : null,
  },
  {
    name: "usage_mismatch",
    warn: (f) =>
      f.mismatches > 0 ? `${f.mismatches} requests: server usage disagrees with the client's token count` : null,
  },
  {
    name: "usage_rejected",
    warn: (f) =>
      f.rejectedUsage > 0
        ? `${f.rejectedUsage} requests: the server's usage held values that are not token counts (negative or fractional; see tokens.usage_rejected): counted by the client instead`
        : null,
  },
  {
    name: "stopped_early",
    warn: (f) =>
      f.stoppedEarly > 0
        ? `${f.stoppedEarly} of ${f.completed} requests stopped before max_tokens (finish_reason stop): output length was not held fixed; pass --ignore-eos where the server supports it`
        : null,
  },
  {
    name: "prefix_cache",
    warn: (f) =>
      f.cached > 0
        ? `${f.cached} of ${f.completed} requests had prompt tokens served from the server's prefix cache (usage cached_tokens): TTFT reflects cache hits`
        : null,
  },
  { name: "failures", warn: (f) => (f.failed > 0 ? `${f.failed} of ${f.sent} requests failed` : null) },
  {
    name: "imported",
    warn: (f) =>
      f.imported
        ? "imported run: duration from the source file; send times are the source tool's (schedule lag and response are only as good as its records)"
        : null,
  },
  {
    name: "thin_percentiles",
    warn: (f) => thinPercentileWarning(f.latency.ttft.n),
  },
  {
    name: "approximate",
    warn: (f) => {
      const parts: string[] = [];
      if (f.approximated.length > 0)
        parts.push(
          `percentiles of ${f.approximated.join(", ")} come from log-bucketed histograms (each within its distribution's approx.relative_error of exact): more values than a level keeps exactly`,
        );
      if (f.sendOrderSampled !== null)
        parts.push(
          `the queue-growth check (saturated) was judged on a uniform sample of ${f.sendOrderSampled.toLocaleString("en-US")} of the ${f.completed.toLocaleString("en-US")} requests`,
        );
      return parts.length > 0 ? parts.join("; ") : null;
    },
  },
];

/** The level's verdicts and its warnings, check by check. */
export function validity(f: LevelFacts): Validity {
  const v = verdicts(f);
  const warnings = VALIDITY_CHECKS.map((c) => c.warn(f, v)).filter((w): w is string => w !== null);
  return {
    client_limited: v.clientLimited,
    cap_limited: v.capLimited,
    saturated: v.saturated,
    itl_estimated: f.itlEstimated,
    warnings,
  };
}
