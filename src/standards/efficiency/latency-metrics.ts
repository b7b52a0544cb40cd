import type { RequestTiming } from "./request-timing.js";

/**
 * The latency metrics of a level, one entry each: the level summary (`latency_ms`), the SLO
 * metric list and the terminal table are all driven from this table, so adding a metric is one
 * entry here plus its definition in docs/metrics.md (a test checks every name is defined there).
 */
interface MetricCommon {
  /** Key in `latency_ms` and in SLO terms (`ttft.p95<500`). */
  name: string;
  /** Row label in the terminal table. */
  label: string;
  unit: "ms";
  /** Terminal table: shown for every level, or only for open-loop (rate) levels, where client-side queueing is the point. */
  show: "always" | "rate";
  /** An SLO may bound it (`--slo`). */
  slo: boolean;
  /**
   * Every answered request defines it from its first or last token: a request that produced no
   * token misses a term on it. False where a request may leave it undefined by definition (TPOT of
   * a one-token answer): such a request is not held to the term.
   */
  needsToken: boolean;
  /** Its definition in DESIGN.md's names; docs/metrics.md's row for it says the same (a test checks). */
  doc: string;
}

/** One value per completed request (request-weighted), null where the request does not define it. */
export interface PerRequestMetric extends MetricCommon {
  per: "request";
  value(t: RequestTiming): number | null;
}

/** Every gap of every completed request pooled (token- or chunk-weighted). */
export interface PerGapMetric extends MetricCommon {
  per: "gap";
  gaps(t: RequestTiming): readonly number[];
  /** The gaps are an even split when a chunk carries several tokens: the row is labelled "(est.)" then. */
  estimated: boolean;
}

export type LatencyMetric = PerRequestMetric | PerGapMetric;

export const LATENCY_METRICS = [
  {
    name: "ttft",
    label: "TTFT",
    unit: "ms",
    per: "request",
    show: "always",
    slo: true,
    needsToken: true,
    value: (t: RequestTiming) => t.ttft,
    doc: "`t_first − t_sent`",
  },
  {
    name: "tpot",
    label: "TPOT",
    unit: "ms",
    per: "request",
    show: "always",
    slo: true,
    needsToken: false,
    value: (t: RequestTiming) => t.tpot,
    doc: "`(t_last − t_first) / (N − n1)`",
  },
  {
    name: "itl",
    label: "ITL",
    unit: "ms",
    per: "gap",
    show: "always",
    slo: true,
    needsToken: false,
    estimated: true,
    gaps: (t: RequestTiming) => t.itl,
    doc: "gaps between successive tokens",
  },
  {
    name: "icl",
    label: "ICL",
    unit: "ms",
    per: "gap",
    show: "always",
    slo: false,
    needsToken: false,
    estimated: false,
    gaps: (t: RequestTiming) => t.icl,
    doc: "gaps between successive token-carrying chunks",
  },
  {
    name: "e2e",
    label: "E2E",
    unit: "ms",
    per: "request",
    show: "always",
    slo: true,
    needsToken: true,
    value: (t: RequestTiming) => t.e2e,
    doc: "`t_last − t_sent`",
  },
  {
    name: "schedule_lag",
    label: "sched. lag",
    unit: "ms",
    per: "request",
    show: "rate",
    slo: false,
    needsToken: false,
    value: (t: RequestTiming) => t.scheduleLag,
    doc: "`t_sent − t_intended`",
  },
  {
    name: "response",
    label: "response",
    unit: "ms",
    per: "request",
    show: "rate",
    slo: true,
    needsToken: true,
    value: (t: RequestTiming) => t.response,
    doc: "`t_last − t_intended`",
  },
] as const satisfies readonly LatencyMetric[];

type Entry = (typeof LATENCY_METRICS)[number];
/** Names of every latency metric, in table order. */
export type LatencyMetricName = Entry["name"];
/** Names of the metrics an SLO may bound. */
export type SloMetricName = Extract<Entry, { slo: true }>["name"];

/** A level's distributions, one per metric of the table. */
export type LatencyDistributions<D> = { [K in LatencyMetricName]: D };
