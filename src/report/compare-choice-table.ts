import type { ChoiceCompareResult } from "../decide/compare-choice.js";
import { renderCompareBench } from "./compare-bench-table.js";
import { renderCompare } from "./compare-table.js";

/** Renders a comparison of two whole runs: per candidate both runs have, each task compared, then its load levels. */
export function renderCompareChoice(c: ChoiceCompareResult): string {
  const parts: string[] = [];
  for (const cand of c.candidates) {
    parts.push(`== candidate ${cand.name} ==\n`);
    for (const t of cand.tasks) parts.push(renderCompare(t));
    if (cand.tasks_unpaired.length)
      parts.push(`task stages in one run only (not compared): ${cand.tasks_unpaired.join(", ")}\n`);
    parts.push(cand.bench ? renderCompareBench(cand.bench) : "load: not compared (a run has no load stage)\n");
  }
  const alone = [
    ...(c.only_in_a.length ? [`only in A (not compared): ${c.only_in_a.join(", ")}`] : []),
    ...(c.only_in_b.length ? [`only in B (not compared): ${c.only_in_b.join(", ")}`] : []),
  ];
  return parts.join("\n") + (alone.length ? `\n${alone.join("\n")}\n` : "");
}
