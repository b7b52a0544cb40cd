import type { CompareResult } from "../standards/accuracy/compare-eval.js";
import type { LeftOut, MetricComparison } from "../standards/accuracy/compare-runs.js";
import { renderColumns, type Column } from "./columns.js";

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

type Row = [string, MetricComparison];

/** The difference per metric; how it was tested is the second table, so each fits 80 columns. */
const DIFFERENCE: ReadonlyArray<Column<Row>> = [
  { head: "metric", align: "left", cell: ([m]) => m },
  { head: "n", align: "right", cell: ([, r]) => String(r.n) },
  { head: "A", align: "right", cell: ([, r]) => f(r.a) },
  { head: "B", align: "right", cell: ([, r]) => f(r.b) },
  { head: "B − A", align: "right", cell: ([, r]) => f(r.difference) },
  { head: "95% CI", align: "left", cell: ([, r]) => (r.ci95 ? `[${f(r.ci95[0])}, ${f(r.ci95[1])}]` : "—") },
  { head: "p", align: "right", cell: ([, r]) => pText(r) },
];

const TEST: ReadonlyArray<Column<Row>> = [
  { head: "metric", align: "left", cell: ([m]) => m },
  { head: "test", align: "left", cell: ([, r]) => r.test ?? "—" },
  {
    head: "MDE (80%)",
    align: "left",
    cell: ([, r]) => (r.n > 0 && r.mde_80 === null ? "undefined (no variation)" : f(r.mde_80)),
  },
];

/** Renders a comparison of two eval runs: how many items were paired and why others were not, then the metrics' differences and tests. */
export function renderCompare(c: CompareResult): string {
  const rows: Row[] = Object.entries(c.metrics);
  return [
    `task ${c.task}: ${c.paired_items} paired items (both runs answered them; ${leftOutText(c.left_out)})`,
    ...renderColumns(DIFFERENCE, rows),
    "",
    ...renderColumns(TEST, rows),
    "",
    ...renderDrift(c),
  ].join("\n");
}

const leavesOutZero = (r: MetricComparison): boolean => r.ci95 !== null && (r.ci95[0] > 0 || r.ci95[1] < 0);

const DRIFT: ReadonlyArray<Column<Row>> = [
  { head: "perturbation", align: "left", cell: ([name]) => name },
  ...DIFFERENCE.slice(1, 6),
  { head: "", align: "left", cell: ([, r]) => (leavesOutZero(r) ? "*" : "") },
];

/** Per perturbation, the task's first metric over the items both runs answered under it; `*` marks a CI that leaves out 0. */
function renderDrift(c: CompareResult): string[] {
  const metric = Object.keys(c.metrics)[0];
  if (!c.by_perturbation || metric === undefined) return [];
  const rows: Row[] = Object.entries(c.by_perturbation).flatMap(([name, cmp]): Row[] => {
    const r = cmp.metrics[metric];
    return r ? [[name, r]] : [];
  });
  const n = c.divergent?.filter((d) => d.metric === metric).length ?? 0;
  const others = (c.divergent?.length ?? 0) - n;
  const verdict =
    (n
      ? `${n} significant divergence${n === 1 ? "" : "s"} (*: the 95% CI of B − A leaves out 0)`
      : "no significant divergence under any perturbation") +
    (others ? `; ${others} more on other metrics (see --json)` : "");
  return [`drift per perturbation, ${metric}:`, ...renderColumns(DRIFT, rows), verdict, ""];
}
