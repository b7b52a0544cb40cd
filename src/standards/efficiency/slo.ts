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
    const m = /^\s*([a-z][a-z0-9_]*)\.([a-z0-9]+)\s*<=?\s*(\d+(?:\.\d+)?)\s*(ms)?\s*$/.exec(part);
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
 * Metrics every answered request defines (from its first or last token). A request without them
 * produced no token, so it cannot meet their terms; TPOT and ITL are undefined for one-token or
 * one-chunk answers by definition (DESIGN.md), so their absence is not a miss.
 */
const NEEDS_A_TOKEN: ReadonlySet<SloTerm["metric"]> = new Set(["ttft", "e2e", "response"]);

/**
 * True when a completed request met every term. A metric the request does not define (TPOT of a
 * one-token answer, ITL of a one-chunk answer) does not count against it; a request with no first
 * token (a 0-token completion) misses every TTFT, E2E and response term.
 */
export function requestMeetsSlo(t: RequestTiming, terms: readonly SloTerm[]): boolean {
  return terms.every((term) => {
    const v = requestValue(t, term);
    return v === null ? !NEEDS_A_TOKEN.has(term.metric) : v < term.limit;
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
export function meetsWithMargin(check: Pick<SloCheck, "values" | "not_applicable">, terms: readonly SloTerm[], margin: number): boolean {
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
