import type { GroupSummary } from "../standards/robustness/grouped.js";
import type { Metric, NotApplicable } from "../standards/robustness/metric.js";
import type { RobustnessSummary } from "../standards/robustness/summarize.js";
import type { TaskSummary } from "../standards/accuracy/summarize-eval.js";
import { renderColumns, type Column } from "./columns.js";

const f = (x: number, d = 3): string => x.toFixed(d);
const withCi = (m: Metric | NotApplicable): string =>
  m.value === null ? `n/a (${m.reason})` : `${f(m.value)} [${f(m.ci95[0])}, ${f(m.ci95[1])}]`;

const ci = (c: readonly [number, number]): string => `[${f(c[0])}, ${f(c[1])}]`;
const signed = (x: number): string => `${x >= 0 ? "+" : ""}${f(x)}`;

type Row = [string, GroupSummary];

/** Accuracy under each perturbation; the paired differences are the second table, so each fits 80 columns. */
const ACCURACY: ReadonlyArray<Column<Row>> = [
  { head: "perturbation", align: "left", cell: ([n]) => n },
  { head: "family", align: "left", cell: ([, g]) => g.family },
  { head: "items", align: "right", cell: ([, g]) => String(g.items) },
  { head: "accuracy", align: "right", cell: ([, g]) => f(g.accuracy.value) },
  { head: "95% CI", align: "left", cell: ([, g]) => ci(g.accuracy.ci95) },
];

const CHANGE: ReadonlyArray<Column<Row>> = [
  { head: "perturbation", align: "left", cell: ([n]) => n },
  { head: "delta", align: "right", cell: ([, g]) => signed(g.delta.value) },
  { head: "95% CI", align: "left", cell: ([, g]) => ci(g.delta.ci95) },
  { head: "p", align: "right", cell: ([, g]) => g.delta.p_value.toPrecision(2) },
  { head: "flip rate", align: "right", cell: ([, g]) => (g.flip_rate.value === null ? "n/a" : f(g.flip_rate.value)) },
  { head: "→wrong", align: "right", cell: ([, g]) => (g.flips ? String(g.flips.to_wrong) : "—") },
  { head: "→right", align: "right", cell: ([, g]) => (g.flips ? String(g.flips.to_right) : "—") },
];

/** Perturbation × metric: accuracy under each, then paired deltas and flips, then the whole-set figures. */
export function renderRobustness(r: RobustnessSummary): string {
  const rows: Row[] = Object.entries(r.perturbations);
  const lines = [
    `robustness (${r.items} items; original accuracy ${withCi(r.original)})`,
    ...renderColumns(ACCURACY, rows),
    "",
    "change from the items as written (paired, per item):",
    ...renderColumns(CHANGE, rows),
    `worst case: ${withCi(r.worst_case)}`,
  ];
  if (r.permutation_consistency.value !== null)
    lines.push(`permutation consistency: ${withCi(r.permutation_consistency)}`);
  if (r.format_spread.value !== null) lines.push(`format spread: ${f(r.format_spread.value)}`);
  return lines.join("\n");
}

const clip = (s: string, n = 70): string => {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
};

/** The first flipped items, two lines each: what was asked as written and as perturbed, and both answers. */
export function renderFlips(flips: NonNullable<TaskSummary["flips"]>, max = 5): string {
  const lines = [`items that flipped (first ${Math.min(max, flips.length)} of those listed in summary.json):`];
  for (const f of flips.slice(0, max)) {
    lines.push(`  ${f.item_id} under ${f.variant}: ${f.direction === "to_wrong" ? "right → wrong" : "wrong → right"}`);
    lines.push(`    as written: "${clip(f.original.prompt)}" → ${JSON.stringify(f.original.answer)}`);
    lines.push(`    perturbed:  "${clip(f.perturbed.prompt)}" → ${JSON.stringify(f.perturbed.answer)}`);
  }
  return lines.join("\n");
}
