import { levelRows, type LevelRow } from "../standards/efficiency/level-rows.js";
import type { BenchSummary } from "../standards/efficiency/summarize.js";
import { renderColumns, type Column } from "./columns.js";

/** About three significant digits: enough to compare levels by eye, narrow enough for twelve columns (the CSV has every digit). */
export function short(x: number | null): string {
  if (x === null) return "—";
  const a = Math.abs(x);
  return x.toFixed(a < 10 ? 2 : a < 100 ? 1 : 0);
}

const num = (group: string | undefined, head: string, value: (r: LevelRow) => number | null): Column<LevelRow> => ({
  ...(group ? { group } : {}),
  head,
  align: "right",
  cell: (r) => short(value(r)),
});

const LEVEL: Column<LevelRow> = { head: "level", align: "right", cell: (r) => String(r.level) };
const LOAD: Column<LevelRow> = {
  head: "load",
  align: "left",
  cell: (r) => (r.mode === "concurrency" ? `conc ${String(r.concurrency)}` : `${short(r.rate_rps)}/s`),
};
const N: Column<LevelRow> = { head: "n", align: "right", cell: (r) => String(r.completed) };
const LATENCY: Array<Column<LevelRow>> = [
  num("TTFT ms", "p50", (r) => r.ttft_p50_ms),
  num(undefined, "p95", (r) => r.ttft_p95_ms),
  num(undefined, "p99", (r) => r.ttft_p99_ms),
  num("TPOT ms", "p50", (r) => r.tpot_p50_ms),
  num(undefined, "p95", (r) => r.tpot_p95_ms),
  num("E2E ms", "p95", (r) => r.e2e_p95_ms),
];
const ACHIEVED = num("achieved", "req/s", (r) => r.achieved_rps);
const OUTPUT: Array<Column<LevelRow>> = [
  num("output", "tok/s", (r) => r.output_tok_per_s),
  num("goodput", "req/s", (r) => r.goodput_rps),
];
const VERDICT: Column<LevelRow> = { head: "verdict", align: "left", cell: (r) => r.verdict.join(", ") };

/**
 * One row per level, to compare levels at a glance, in two tables of the same rows (all twelve
 * columns in one would not fit 80 columns): load, completed requests and the latencies (TTFT
 * p50/p95/p99, TPOT p50/p95, E2E p95); then achieved rate, output throughput, goodput and the
 * level's verdicts.
 */
export function renderLevelsTable(s: Pick<BenchSummary, "levels">): string {
  const rows = levelRows(s);
  return [
    `── levels ── n: completed requests${rows.every((r) => r.goodput_rps === null) ? "; goodput needs --slo" : ""}`,
    ...renderColumns([LEVEL, LOAD, N, ...LATENCY], rows),
    "",
    ...renderColumns([LEVEL, LOAD, ACHIEVED, ...OUTPUT, VERDICT], rows),
  ].join("\n");
}
