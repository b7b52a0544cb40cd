import type { Calibration, CalibrationRow } from "../standards/efficiency/calibration.js";
import { renderColumns, type Column } from "./columns.js";

const f2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : "—");

const COLUMNS: ReadonlyArray<Column<CalibrationRow>> = [
  { head: "threads", align: "right", cell: (r) => String(r.workers) },
  { head: "streams", align: "right", cell: (r) => String(r.concurrency) },
  { head: "tok/s", align: "right", cell: (r) => r.tokens_per_s.toFixed(0) },
  { group: "TTFT error ms", head: "p50", align: "right", cell: (r) => f2(r.ttft_error_ms.p50) },
  { head: "p99", align: "right", cell: (r) => f2(r.ttft_error_ms.p99) },
  { group: "CPU ms", head: "/1k tok", align: "right", cell: (r) => r.cpu_ms_per_1k_tokens.toFixed(1) },
  { group: "loop delay", head: "p99 ms", align: "right", cell: (r) => f2(r.event_loop_delay_p99_ms) },
  { group: "client", head: "limited", align: "left", cell: (r) => (r.client_limited ? "yes" : "no") },
];

/** The calibration grid in 80 columns, then per thread count the highest load within the bound. */
export function renderCalibration(c: Calibration): string {
  const lines = c.within_bound.map((w) =>
    w.concurrency === null || w.tokens_per_s === null
      ? `threads ${w.workers}: TTFT error p50 exceeds ${c.bound_ms} ms even at the lowest load`
      : `threads ${w.workers}: TTFT error p50 within ${c.bound_ms} ms up to ${w.concurrency} streams (${w.tokens_per_s.toFixed(0)} tok/s)`,
  );
  return (
    [
      `client calibration against the built-in server (TTFT ${c.server.ttft_ms} ms, ${c.server.itl_ms} ms/token, ${c.server.tokens} tokens) on ${String(c.host.cores)} cores`,
      ...renderColumns(COLUMNS, c.rows),
      ...lines,
    ].join("\n") + "\n"
  );
}
