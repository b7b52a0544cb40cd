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
  ].join("\n");
}
