import type { RequestRecord } from "../../records/record.js";

/** Per-request latency metrics (DESIGN.md), in ms; null where undefined for this request. */
export interface RequestTiming {
  ttft: number | null;
  tpot: number | null;
  e2e: number | null;
  /** Client-side queueing before the send: t_sent − t_intended. */
  scheduleLag: number;
  /** Latency as a user experiences it, free of coordinated omission: t_last − t_intended. */
  response: number | null;
  /** Gaps between successive tokens; a gap before a k-token chunk counts as k gaps of gap/k. */
  itl: number[];
  /** Gaps between successive token-carrying chunks. */
  icl: number[];
  /** True when some chunk after the first carried more than one token, so `itl` is an even split, not observed. */
  itlEstimated: boolean;
  /** The record's own times and counts (DESIGN.md names), so a new metric in latency-metrics.ts can be defined from them alone. */
  at: {
    t_intended: number;
    t_sent: number;
    t_first: number | null;
    t_last: number | null;
    t_end: number;
    N: number;
    n1: number;
  };
}

/** Computes ttft, tpot, itl, icl and e2e of one record exactly as DESIGN.md defines them. */
export function requestTiming(r: RequestRecord): RequestTiming {
  const { chunks } = r;
  const itl: number[] = [];
  const icl: number[] = [];
  let itlEstimated = false;
  let prev = chunks[0]?.[0] ?? 0;
  for (let i = 1; i < chunks.length; i++) {
    const [t, k] = chunks[i] ?? [prev, 0];
    const gap = t - prev;
    prev = t;
    icl.push(gap);
    if (k > 1) itlEstimated = true;
    for (let j = 0; j < k; j++) itl.push(gap / k);
  }
  const first = r.t_first;
  const last = r.t_last;
  const n = r.tokens.output;
  const n1 = chunks[0]?.[1] ?? 0;
  return {
    ttft: first === null ? null : first - r.t_sent,
    tpot: first === null || last === null || n <= n1 ? null : (last - first) / (n - n1),
    e2e: last === null ? null : last - r.t_sent,
    scheduleLag: r.t_sent - r.t_intended,
    response: last === null ? null : last - r.t_intended,
    itl,
    icl,
    itlEstimated,
    at: { t_intended: r.t_intended, t_sent: r.t_sent, t_first: first, t_last: last, t_end: r.t_end, N: n, n1 },
  };
}
