import { toCsv, type CsvCell } from "../../records/csv.js";
import type { BenchSummary, LevelSummary } from "./level-summary.js";

/** What a level's row says about it, in the summary's own terms; `ok` when none of the others applies. */
export type LevelVerdict =
  "ok" | "cut" | "all failed" | "errors" | "client-limited" | "cap-limited" | "saturated" | "SLO missed";

/**
 * One load level as one flat row: the keys are the CSV's column names (units in the name), and the
 * terminal's levels table shows a subset of them, so the two never disagree. Null where a metric
 * does not apply (no SLO, an empty distribution, the load of the other mode).
 */
export interface LevelRow {
  level: number;
  mode: "concurrency" | "rate";
  /** Requests in flight, for a concurrency level. */
  concurrency: number | null;
  /** Requests per second the level was asked to offer, for a rate level. */
  rate_rps: number | null;
  arrival: string | null;
  max_concurrency: number | null;
  offered_rps: number | null;
  achieved_rps: number;
  sent: number;
  completed: number;
  failed: number;
  dropped: number;
  ttft_n: number;
  ttft_p50_ms: number | null;
  ttft_p95_ms: number | null;
  ttft_p99_ms: number | null;
  tpot_n: number;
  tpot_p50_ms: number | null;
  tpot_p95_ms: number | null;
  e2e_n: number;
  e2e_p95_ms: number | null;
  output_tok_per_s: number;
  goodput_rps: number | null;
  goodput_fraction: number | null;
  verdict: LevelVerdict[];
}

/** The CSV's columns, in order: every key of LevelRow once. */
export const LEVEL_COLUMNS = [
  "level",
  "mode",
  "concurrency",
  "rate_rps",
  "arrival",
  "max_concurrency",
  "offered_rps",
  "achieved_rps",
  "sent",
  "completed",
  "failed",
  "dropped",
  "ttft_n",
  "ttft_p50_ms",
  "ttft_p95_ms",
  "ttft_p99_ms",
  "tpot_n",
  "tpot_p50_ms",
  "tpot_p95_ms",
  "e2e_n",
  "e2e_p95_ms",
  "output_tok_per_s",
  "goodput_rps",
  "goodput_fraction",
  "verdict",
] as const satisfies ReadonlyArray<keyof LevelRow>;

// A key of LevelRow left out of the columns is a compile error here, so the CSV never drops one silently.
type Missing = Exclude<keyof LevelRow, (typeof LEVEL_COLUMNS)[number]>;
const EVERY_KEY: [Missing] extends [never] ? true : Missing = true;
void EVERY_KEY;

/** The verdicts the level's summary states, in the order its detail gives them. */
export function levelVerdicts(l: LevelSummary): LevelVerdict[] {
  const v: LevelVerdict[] = [];
  if (l.cut) v.push("cut");
  // Latencies of the requests that did complete say nothing of a server that failed the others.
  const { sent, failed } = l.requests;
  if (sent > 0 && failed === sent) v.push("all failed");
  else if (failed > 0) v.push("errors");
  if (l.validity.client_limited) v.push("client-limited");
  if (l.validity.cap_limited) v.push("cap-limited");
  if (l.validity.saturated) v.push("saturated");
  if (l.goodput && !l.goodput.met) v.push("SLO missed");
  return v.length ? v : ["ok"];
}

/** One row per level of a bench summary, in level order: what the levels table and the CSV show. */
export function levelRows(s: Pick<BenchSummary, "levels">): LevelRow[] {
  return s.levels.map((l): LevelRow => {
    const lat = l.latency_ms;
    const rate = l.load.mode === "rate" ? l.load : null;
    return {
      level: l.level,
      mode: l.load.mode,
      concurrency: l.load.mode === "concurrency" ? l.load.value : null,
      rate_rps: rate?.value ?? null,
      arrival: rate?.arrival ?? null,
      max_concurrency: rate?.max_concurrency ?? null,
      offered_rps: l.offered_rate,
      achieved_rps: l.achieved_rate,
      sent: l.requests.sent,
      completed: l.requests.completed,
      failed: l.requests.failed,
      dropped: l.requests.dropped,
      ttft_n: lat.ttft.n,
      ttft_p50_ms: lat.ttft.p50,
      ttft_p95_ms: lat.ttft.p95,
      ttft_p99_ms: lat.ttft.p99,
      tpot_n: lat.tpot.n,
      tpot_p50_ms: lat.tpot.p50,
      tpot_p95_ms: lat.tpot.p95,
      e2e_n: lat.e2e.n,
      e2e_p95_ms: lat.e2e.p95,
      output_tok_per_s: l.throughput.output_tokens_per_s,
      goodput_rps: l.goodput?.requests_per_s ?? null,
      goodput_fraction: l.goodput?.fraction ?? null,
      verdict: levelVerdicts(l),
    };
  });
}

function cell(v: LevelRow[keyof LevelRow]): CsvCell {
  return Array.isArray(v) ? v.join(", ") : v;
}

/** The levels as CSV (RFC 4180): a header of column names with their units, then one row per level, numbers unrounded. */
export function levelsCsv(s: Pick<BenchSummary, "levels">): string {
  return toCsv(
    LEVEL_COLUMNS,
    levelRows(s).map((r) => LEVEL_COLUMNS.map((k) => cell(r[k]))),
  );
}
