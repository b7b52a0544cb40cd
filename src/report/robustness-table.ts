import Table from "cli-table3";
import type { GroupSummary } from "../standards/robustness/grouped.js";
import type { Metric, NotApplicable } from "../standards/robustness/metric.js";
import type { RobustnessSummary } from "../standards/robustness/summarize.js";
import type { TaskSummary } from "../standards/accuracy/summarize-eval.js";

const f = (x: number, d = 3): string => x.toFixed(d);
const withCi = (m: Metric | NotApplicable): string =>
  m.value === null ? `n/a (${m.reason})` : `${f(m.value)} [${f(m.ci95[0])}, ${f(m.ci95[1])}]`;

/** Perturbation × metric: accuracy before and after with paired deltas and flips, then the whole-set figures. */
export function renderRobustness(r: RobustnessSummary): string {
  const t = new Table({
    head: [
      "perturbation",
      "family",
      "items",
      "accuracy (95% CI)",
      "delta (95% CI)",
      "p",
      "flip rate",
      "→wrong",
      "→right",
    ],
    style: { head: [], border: [] },
  });
  const row = (name: string, g: GroupSummary): string[] => [
    name,
    g.family,
    String(g.items),
    withCi(g.accuracy),
    `${g.delta.value >= 0 ? "+" : ""}${f(g.delta.value)} [${f(g.delta.ci95[0])}, ${f(g.delta.ci95[1])}]`,
    g.delta.p_value.toPrecision(2),
    g.flip_rate.value === null ? "n/a" : f(g.flip_rate.value),
    g.flips ? String(g.flips.to_wrong) : "—",
    g.flips ? String(g.flips.to_right) : "—",
  ];
  for (const [name, g] of Object.entries(r.perturbations)) t.push(row(name, g));
  const lines = [
    `robustness (${r.items} items; original accuracy ${withCi(r.original)})`,
    t.toString(),
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
