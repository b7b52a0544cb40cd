import type { MetricValue } from "../standards/accuracy/aggregate.js";
import type { EvalSummary, SamplePool } from "../standards/accuracy/summarize-eval.js";
import { renderColumns, type Column } from "./columns.js";
import { renderFlips, renderRobustness } from "./robustness-table.js";
import { renderDecodingSweep } from "./sweep-table.js";
import { renderBySubject } from "./subject-table.js";
import { targetLine } from "./target-line.js";
import { renderUsability } from "./usability-table.js";

const f = (x: number, d = 4): string => x.toFixed(d);

/** A metric row: its value with n and CI, or n/a (its reason follows the table: it would not fit a cell). */
type MetricRow = { name: string; m: MetricValue } | { name: string; reason: string };

const METRIC_COLUMNS: ReadonlyArray<Column<MetricRow>> = [
  { head: "metric", align: "left", cell: (r) => r.name },
  { head: "n", align: "right", cell: (r) => ("m" in r ? String(r.m.n) : "—") },
  { head: "value", align: "right", cell: (r) => ("m" in r ? f(r.m.value) : "n/a") },
  { head: "95% CI", align: "left", cell: (r) => ("m" in r ? `[${f(r.m.ci95[0])}, ${f(r.m.ci95[1])}]` : "see below") },
  { head: "CI method", align: "left", cell: (r) => ("m" in r ? r.m.ci_method : "") },
  { head: "stderr", align: "right", cell: (r) => ("m" in r ? f(r.m.stderr) : "") },
];

/** Why each n/a row of the metric table is n/a. */
const naLines = (rows: readonly MetricRow[]): string[] =>
  rows.flatMap((r) => ("reason" in r ? [`${r.name} n/a: ${r.reason}`] : []));

type PoolRow = SamplePool["curve"][number];

const POOL_COLUMNS: ReadonlyArray<Column<PoolRow>> = [
  { head: "k", align: "right", cell: (c) => String(c.k) },
  { head: "pass@k", align: "right", cell: (c) => f(c.pass_at_k, 3) },
  { head: "95% CI", align: "left", cell: (c) => `[${f(c.pass_at_k_ci95[0], 3)}, ${f(c.pass_at_k_ci95[1], 3)}]` },
  { head: "n", align: "right", cell: (c) => String(c.n) },
  { head: "pass^k", align: "right", cell: (c) => f(c.pass_all_k, 3) },
  { head: "maj@k", align: "right", cell: (c) => f(c.maj_at_k, 3) },
  { head: "tok/item", align: "right", cell: (c) => c.output_tokens_per_item.toFixed(0) },
];

/**
 * The metric table's rows: each computed metric, then each asked-for metric that the records could
 * not define, as n/a with its reason (a row that vanished would read as never asked for).
 */
function metricRows(t: EvalSummary["tasks"][number]): MetricRow[] {
  return [
    ...Object.entries(t.metrics).map(([name, m]) => ({ name, m })),
    ...Object.entries(t.not_applicable ?? {}).map(([name, reason]) => ({ name, reason })),
  ];
}

/** Renders an eval summary: the target, then per task one row per metric, its extraction, truncation and warnings. */
export function renderEvalSummary(s: EvalSummary): string {
  const parts: string[] = [targetLine(s.target)];
  for (const t of s.tasks) {
    const lines = [
      `── task ${t.task}: ${t.n} items × ${t.samples} sample(s)`,
      ...renderColumns(METRIC_COLUMNS, metricRows(t)),
      ...naLines(metricRows(t)),
      `extraction: ${t.extraction.strict} strict, ${t.extraction.flexible} flexible, ${t.extraction.none} none; no answer ${f(t.no_answer_rate * 100, 1)}%, truncated ${f(t.truncation_rate * 100, 1)}%, failed ${t.failed}, from cache ${t.cached}`,
      `tokens: ${t.tokens.input} in, ${t.tokens.output} out`,
    ];
    if (t.strict_flexible_gap)
      lines.push(
        `${t.strict_flexible_gap.metric} with strict extraction only: ${f(t.strict_flexible_gap.strict)} (gap ${f(t.strict_flexible_gap.gap)})`,
      );
    if (t.pool)
      lines.push(
        "",
        `sample pool (${t.pool.metric}, ${t.samples} samples per item; n: items with all of them):`,
        ...renderColumns(POOL_COLUMNS, t.pool.curve),
      );
    if (t.by_subject && t.subject_average) lines.push(renderBySubject(t.by_subject, t.subject_average));
    if (t.decoding_sweep) lines.push(renderDecodingSweep(t.decoding_sweep));
    if (t.robustness) lines.push(renderRobustness(t.robustness));
    if (t.flips?.length) lines.push(renderFlips(t.flips));
    if (t.usability) lines.push(renderUsability(t.usability));
    lines.push(...t.warnings.map((w) => `warning: ${w}`));
    parts.push(lines.join("\n"));
  }
  return parts.join("\n\n") + "\n";
}
