import { UserError } from "../../errors.js";
import type { Distribution } from "../../stats/distribution.js";
import { percentileSorted } from "../../stats/distribution.js";
import { LATENCY_METRICS, type LatencyMetric, type SloMetricName } from "./latency-metrics.js";
import type { RequestTiming } from "./request-timing.js";

/** Latency metrics an SLO can bound: the entries of the metric table marked `slo`. */
export const SLO_METRICS: readonly SloMetricName[] = LATENCY_METRICS.filter(
  (m): m is Extract<(typeof LATENCY_METRICS)[number], { slo: true }> => m.slo,
).map((m) => m.name);
/** Statistics an SLO can bound. */
export const SLO_STATS = ["mean", "p50", "p90", "p95", "p99"] as const;

/** One service-level objective: `metric.stat < limit` (ms). */
export interface SloTerm {
  metric: SloMetricName;
  stat: (typeof SLO_STATS)[number];
  limit: number;
}

function isSloMetric(x: string | undefined): x is SloMetricName {
  return SLO_METRICS.some((m) => m === x);
}

function isSloStat(x: string | undefined): x is SloTerm["stat"] {
  return SLO_STATS.some((s) => s === x);
}

/** Parses `ttft.p95<500,tpot.p95<50` (ms; `<=` accepted as `<`). */
export function parseSlo(raw: string): SloTerm[] {
  const terms = raw.split(",").map((part) => {
    const m = /^\s*([a-z][a-z0-9_]*)\.([a-z0-9]+)\s*<=?\s*(\d+(?:\.\d+)?)\s*(ms)?\s*$/.exec(part);
    const metric = m?.[1];
    const stat = m?.[2];
    if (!m || !isSloMetric(metric) || !isSloStat(stat)) {
      throw new UserError(
        `--slo "${part.trim()}": expected METRIC.STAT<MS with METRIC one of ${SLO_METRICS.join(", ")} and STAT one of ${SLO_STATS.join(", ")}, e.g. ttft.p95<500`,
      );
    }
    return { metric, stat, limit: Number(m[3]) };
  });
  return terms;
}

/** The SLO as a plain object for JSON: {"ttft.p95": 500, ...}. */
export function sloObject(terms: readonly SloTerm[]): Record<string, number> {
  return Object.fromEntries(terms.map((t) => [`${t.metric}.${t.stat}`, t.limit]));
}

function metricOf(term: SloTerm): LatencyMetric {
  const m: LatencyMetric | undefined = LATENCY_METRICS.find((e) => e.name === term.metric);
  if (!m) throw new Error(`no latency metric ${term.metric}`);
  return m;
}

/** One request's value of a term: its own value of a per-request metric, or the term's statistic over its own gaps. */
function requestValue(t: RequestTiming, term: SloTerm, m: LatencyMetric): number | null {
  if (m.per === "request") return m.value(t);
  const gaps = m.gaps(t);
  if (gaps.length === 0) return null;
  if (term.stat === "mean") return gaps.reduce((a, b) => a + b, 0) / gaps.length;
  return percentileSorted(Float64Array.from(gaps).sort(), Number(term.stat.slice(1)) / 100);
}

/**
 * True when a completed request met every term. A metric the request does not define (TPOT of a
 * one-token answer, ITL of a one-chunk answer) does not count against it; a request with no first
 * token (a 0-token completion) misses every term on a metric that needs one (TTFT, E2E, response:
 * `needsToken` in the metric table).
 */
export function requestMeetsSlo(t: RequestTiming, terms: readonly SloTerm[]): boolean {
  return terms.every((term) => {
    const m = metricOf(term);
    const v = requestValue(t, term, m);
    return v === null ? !m.needsToken : v < term.limit;
  });
}

/** How a level's distributions stand against the SLO. */
export interface SloCheck {
  met: boolean;
  /** Each term's value at this level; null when its distribution is empty. */
  values: Record<string, number | null>;
  /** Terms over an empty distribution (TPOT when every answer had one token): they neither pass nor fail a level. */
  not_applicable: string[];
}

/**
 * True when every applicable term's value is below its limit shrunk by `margin` (relative).
 * Capacity search judges probes with a margin so the value it reports still holds when run again:
 * timer noise moves a percentile by a few ms between identical runs. A term not applicable at the
 * level never fails it; a term with no value that is applicable (nothing answered) always does.
 */
export function meetsWithMargin(
  check: Pick<SloCheck, "values" | "not_applicable">,
  terms: readonly SloTerm[],
  margin: number,
): boolean {
  return terms.every((t) => {
    const key = `${t.metric}.${t.stat}`;
    if (check.not_applicable.includes(key)) return true;
    const v = check.values[key];
    return v !== null && v !== undefined && v < t.limit * (1 - margin);
  });
}

/**
 * Each term checked against a level's distributions. A term whose distribution is empty is not
 * applicable and cannot fail the level by itself (TPOT over one-token answers, `--no-stream` ITL).
 * A level where no request produced a token has measured nothing, so it meets no SLO.
 */
export function checkLevelSlo(latency: Record<SloTerm["metric"], Distribution>, terms: readonly SloTerm[]): SloCheck {
  const values: Record<string, number | null> = {};
  const notApplicable: string[] = [];
  const answered = latency.ttft.n > 0;
  for (const term of terms) {
    const key = `${term.metric}.${term.stat}`;
    const d = latency[term.metric];
    values[key] = d[term.stat];
    if (answered && d.n === 0) notApplicable.push(key);
  }
  const check = { values, not_applicable: notApplicable };
  return { met: meetsWithMargin(check, terms, 0), ...check };
}
