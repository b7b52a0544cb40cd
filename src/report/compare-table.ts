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
  return `task ${c.task}: ${c.paired_items} paired items (both runs answered them; ${leftOutText(c.left_out)})\n${t.toString()}\n${renderDrift(c)}`;
}

/** Per perturbation, the task's first metric over the items both runs answered under it; `*` marks a CI that leaves out 0. */
function renderDrift(c: CompareResult): string {
  const metric = Object.keys(c.metrics)[0];
  if (!c.by_perturbation || metric === undefined) return "";
  const t = new Table({
    head: ["perturbation", "n", "A", "B", "B − A", "95% CI", ""],
    style: { head: [], border: [] },
  });
  for (const [name, cmp] of Object.entries(c.by_perturbation)) {
    const r = cmp.metrics[metric];
    if (!r) continue;
    const ci = r.ci95 ? `[${f(r.ci95[0])}, ${f(r.ci95[1])}]` : "—";
    const mark = r.ci95 && (r.ci95[0] > 0 || r.ci95[1] < 0) ? "*" : "";
    t.push([name, r.n, f(r.a), f(r.b), f(r.difference), ci, mark]);
  }
  const n = c.divergent?.filter((d) => d.metric === metric).length ?? 0;
  const others = (c.divergent?.length ?? 0) - n;
  const verdict =
    (n
      ? `${n} significant divergence${n === 1 ? "" : "s"} (*: the 95% CI of B − A leaves out 0)`
      : "no significant divergence under any perturbation") +
    (others ? `; ${others} more on other metrics (see --json)` : "");
  return `drift per perturbation, ${metric}:\n${t.toString()}\n${verdict}\n`;
}
