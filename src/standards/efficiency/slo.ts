import { UserError } from "../../errors.js";
import type { Distribution } from "../../stats/distribution.js";
import { percentileSorted } from "../../stats/distribution.js";
import type { RequestTiming } from "./request-timing.js";

/** Latency metrics an SLO can bound. */
export const SLO_METRICS = ["ttft", "tpot", "itl", "e2e", "response"] as const;
/** Statistics an SLO can bound. */
export const SLO_STATS = ["mean", "p50", "p90", "p95", "p99"] as const;

/** One service-level objective: `metric.stat < limit` (ms). */
export interface SloTerm {
  metric: (typeof SLO_METRICS)[number];
  stat: (typeof SLO_STATS)[number];
  limit: number;
}

/** Parses `ttft.p95<500,tpot.p95<50` (ms; `<=` accepted as `<`). */
export function parseSlo(raw: string): SloTerm[] {
  const terms = raw.split(",").map((part) => {
    const m = /^\s*([a-z_]+)\.([a-z0-9]+)\s*<=?\s*(\d+(?:\.\d+)?)\s*(ms)?\s*$/.exec(part);
    const metric = m?.[1] as SloTerm["metric"] | undefined;
    const stat = m?.[2] as SloTerm["stat"] | undefined;
    if (!m || !SLO_METRICS.includes(metric!) || !SLO_STATS.includes(stat!)) {
      throw new UserError(`--slo "${part.trim()}": expected METRIC.STAT<MS with METRIC one of ${SLO_METRICS.join(", ")} and STAT one of ${SLO_STATS.join(", ")}, e.g. ttft.p95<500`);
    }
    return { metric: metric!, stat: stat!, limit: Number(m[3]) };
  });
  return terms;
}

/** The SLO as a plain object for JSON: {"ttft.p95": 500, ...}. */
export function sloObject(terms: readonly SloTerm[]): Record<string, number> {
  return Object.fromEntries(terms.map((t) => [`${t.metric}.${t.stat}`, t.limit]));
}

/** One request's value of a term: its own ttft/tpot/e2e/response, or the term's statistic over its own ITL gaps. */
function requestValue(t: RequestTiming, term: SloTerm): number | null {
  if (term.metric !== "itl") return t[term.metric];
  if (t.itl.length === 0) return null;
  if (term.stat === "mean") return t.itl.reduce((a, b) => a + b, 0) / t.itl.length;
  return percentileSorted(Float64Array.from(t.itl).sort(), Number(term.stat.slice(1)) / 100);
}

/**
 * True when a completed request met every term. A metric the request does not define (TPOT of a
 * one-token answer, ITL of a one-chunk answer) does not count against it.
 */
export function requestMeetsSlo(t: RequestTiming, terms: readonly SloTerm[]): boolean {
  return terms.every((term) => {
    const v = requestValue(t, term);
    return v === null || v < term.limit;
  });
}

/**
 * True when every term's value is below its limit shrunk by `margin` (relative). Capacity search
 * judges probes this way so the value it reports still holds when run again: timer noise moves a
 * percentile by a few ms between identical runs.
 */
export function meetsWithMargin(values: Record<string, number | null>, terms: readonly SloTerm[], margin: number): boolean {
  return terms.every((t) => {
    const v = values[`${t.metric}.${t.stat}`];
    return v !== null && v !== undefined && v < t.limit * (1 - margin);
  });
}

/** Each term checked against a level's distributions; an empty distribution fails its term. */
export function checkLevelSlo(latency: Record<SloTerm["metric"], Distribution>, terms: readonly SloTerm[]): { met: boolean; values: Record<string, number | null> } {
  const values: Record<string, number | null> = {};
  let met = true;
  for (const term of terms) {
    const v = latency[term.metric][term.stat];
    values[`${term.metric}.${term.stat}`] = v;
    if (v === null || !(v < term.limit)) met = false;
  }
  return { met, values };
}
