import type { DecodingSweep, SweepPointResult } from "../standards/robustness/decoding-grid.js";
import { renderColumns, type Column } from "./columns.js";

const f = (x: number): string => x.toFixed(3);

const COLUMNS: ReadonlyArray<Column<SweepPointResult>> = [
  // Long grids (four keys) are cut so the table stays within 80 columns; --json has each point whole.
  { head: "setting", align: "left", cell: (p) => (p.label.length > 44 ? `${p.label.slice(0, 43)}…` : p.label) },
  { head: "n", align: "right", cell: (p) => String(p.n) },
  { head: "value", align: "right", cell: (p) => f(p.value) },
  { head: "95% CI", align: "left", cell: (p) => `[${f(p.ci95[0])}, ${f(p.ci95[1])}]${p.default ? " *" : ""}` },
];

/** The accuracy surface of a decoding sweep: one row per point, then best, worst, default and spread. */
export function renderDecodingSweep(s: DecodingSweep): string {
  const lines = [`decoding sweep (${s.metric}), * = the task's own settings`, ...renderColumns(COLUMNS, s.points)];
  lines.push(`best: ${s.best}`, `worst: ${s.worst}`, `default: ${s.default}`);
  if (s.spread.value === null) lines.push(`spread: n/a (${s.spread.reason})`);
  else {
    const d = s.spread.best_minus_worst;
    const ci = d.ci95 ? ` [${f(d.ci95[0])}, ${f(d.ci95[1])}]` : "";
    lines.push(
      `spread (max − min): ${f(s.spread.value)}`,
      `best − worst, paired over ${d.n} items: ${d.difference === null ? "n/a" : f(d.difference)}${ci}`,
    );
  }
  return lines.join("\n");
}
