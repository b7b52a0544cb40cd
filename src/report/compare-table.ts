import Table from "cli-table3";
import type { CompareResult } from "../standards/accuracy/compare-eval.js";
import type { LeftOut, MetricComparison } from "../standards/accuracy/compare-runs.js";

const f = (x: number | null): string => (x === null ? "—" : x.toFixed(4));

function pText(r: MetricComparison): string {
  if (r.p_value === null) return "—";
  return r.p_upper_bound ? `< ${r.p_value.toPrecision(3)}` : r.p_value.toPrecision(3);
}

function leftOutText(l: LeftOut): string {
  const parts = (Object.entries(l) as Array<[keyof LeftOut, number]>)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k.replace(/_/g, " ")} ${n}`);
  return parts.length ? `left out: ${parts.join(", ")}` : "none left out";
}

/** Renders a comparison of two eval runs: how many items were paired and why others were not, then one row per metric. */
export function renderCompare(c: CompareResult): string {
  const t = new Table({
    head: ["metric", "n", "A", "B", "B − A", "95% CI", "p", "test", "MDE (80%)"],
    style: { head: [], border: [] },
  });
  for (const [m, r] of Object.entries(c.metrics)) {
    const ci = r.ci95 ? `[${f(r.ci95[0])}, ${f(r.ci95[1])}]` : "—";
    const mde = r.n > 0 && r.mde_80 === null ? "undefined (no variation)" : f(r.mde_80);
    t.push([m, r.n, f(r.a), f(r.b), f(r.difference), ci, pText(r), r.test ?? "—", mde]);
  }
  return `task ${c.task}: ${c.paired_items} paired items (both runs answered them; ${leftOutText(c.left_out)})\n${t.toString()}\n`;
}
