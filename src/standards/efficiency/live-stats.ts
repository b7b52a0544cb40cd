import { LogHistogram } from "../../stats/log-histogram.js";

/** Seconds of recent completions the current rate is taken over. */
export const RATE_WINDOW_S = 10;
/** Relative error of the running TTFT median: a log-bucketed sketch, not the exact percentile the summary reports. */
export const LIVE_TTFT_ERROR = 0.01;

/** The parts of a finished request the live figures read (times in ms on the run's clock). */
export interface LiveRecord {
  t_sent: number;
  t_first: number | null;
  t_end: number;
  error: unknown;
}

/** What a level has seen so far; grows by `addLive`, read by `liveView`. */
export interface LiveTally {
  done: number;
  errors: number;
  firstSent: number | null;
  lastEnd: number | null;
  /** Completion times inside the rate window, oldest first. */
  recentEnds: number[];
  ttft: LogHistogram;
}

/** The figures a progress line shows. Null where nothing defines them yet. */
export interface LiveView {
  done: number;
  /** Requests the level will send, when known in advance. */
  total: number | null;
  errors: number;
  /** Completions per second over the last RATE_WINDOW_S seconds (or since the first send, when shorter). */
  rate_per_s: number | null;
  /** Running median time to first token (within LIVE_TTFT_ERROR) of the requests that had one. */
  ttft_p50_ms: number | null;
  /** Seconds left at the current rate. */
  eta_s: number | null;
}

export function emptyLive(): LiveTally {
  return {
    done: 0,
    errors: 0,
    firstSent: null,
    lastEnd: null,
    recentEnds: [],
    ttft: new LogHistogram(LIVE_TTFT_ERROR),
  };
}

/** Adds one finished request; costs O(1) amortised, so it can run on every record of a long level. */
export function addLive(t: LiveTally, r: LiveRecord): void {
  t.done++;
  if (r.error) t.errors++;
  else if (r.t_first !== null) t.ttft.add(r.t_first - r.t_sent);
  t.firstSent = t.firstSent === null ? r.t_sent : Math.min(t.firstSent, r.t_sent);
  t.lastEnd = t.lastEnd === null ? r.t_end : Math.max(t.lastEnd, r.t_end);
  // Completions arrive nearly in t_end order; a late one just sorts into place.
  let i = t.recentEnds.length;
  while (i > 0 && (t.recentEnds[i - 1] ?? 0) > r.t_end) i--;
  t.recentEnds.splice(i, 0, r.t_end);
  const from = t.lastEnd - RATE_WINDOW_S * 1000;
  let drop = 0;
  while (drop < t.recentEnds.length && (t.recentEnds[drop] ?? 0) <= from) drop++;
  if (drop > 0) t.recentEnds.splice(0, drop);
}

/** The live figures as of the latest completion, so they depend on the records alone. */
export function liveView(t: LiveTally, total: number | null): LiveView {
  let rate: number | null = null;
  if (t.firstSent !== null && t.lastEnd !== null) {
    const spanMs = Math.min(RATE_WINDOW_S * 1000, t.lastEnd - t.firstSent);
    rate = spanMs > 0 ? t.recentEnds.length / (spanMs / 1000) : null;
  }
  const left = total === null ? null : Math.max(0, total - t.done);
  return {
    done: t.done,
    total,
    errors: t.errors,
    rate_per_s: rate,
    ttft_p50_ms: t.ttft.n > 0 ? t.ttft.quantile(0.5) : null,
    eta_s: left === null ? null : left === 0 ? 0 : rate !== null && rate > 0 ? left / rate : null,
  };
}
