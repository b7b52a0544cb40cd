import type { LiveView } from "../standards/efficiency/live-stats.js";

/** Seconds as the shortest readable span: 42s, 3m05s, 1h02m. */
export function formatEta(s: number): string {
  const t = Math.round(s);
  if (t < 60) return `${t}s`;
  if (t < 3600) return `${Math.floor(t / 60)}m${String(t % 60).padStart(2, "0")}s`;
  return `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, "0")}m`;
}

/**
 * The figures of a progress line after its label and bar: done/total, current rate, running TTFT
 * median, errors and ETA, each "—" until something defines it. Short enough that label, a 20-cell
 * bar and these stay within 80 columns.
 */
export function progressFigures(v: LiveView): string {
  const count = v.total === null ? `${v.done}` : `${v.done}/${v.total}`;
  const rate = v.rate_per_s === null ? "—" : v.rate_per_s.toFixed(v.rate_per_s < 10 ? 2 : 1);
  const ttft = v.ttft_p50_ms === null ? "—" : v.ttft_p50_ms.toFixed(v.ttft_p50_ms < 100 ? 1 : 0);
  const eta = v.eta_s === null ? "—" : formatEta(v.eta_s);
  return `${count}  ${rate} req/s  TTFT p50 ${ttft} ms  err ${v.errors}${v.total === null ? "" : `  ETA ${eta}`}`;
}
