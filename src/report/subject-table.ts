import type { SubjectAverage, SubjectScore } from "../standards/accuracy/by-subject.js";
import { renderColumns, type Column } from "./columns.js";

/** Subjects shown at each end when there are too many for a terminal: MMLU has 57. */
const EACH_END = 5;

type Row = [string, SubjectScore] | null;

const f = (x: number): string => x.toFixed(3);
// Long MMLU names (high_school_government_and_politics) are cut so the table stays within 80 columns.
const name = (s: string): string => (s.length > 40 ? `${s.slice(0, 39)}…` : s);

const COLUMNS: ReadonlyArray<Column<Row>> = [
  { head: "subject", align: "left", cell: (r) => (r ? name(r[0]) : "…") },
  { head: "n", align: "right", cell: (r) => (r ? String(r[1].n) : "") },
  { head: "value", align: "right", cell: (r) => (r ? f(r[1].value) : "") },
  { head: "95% CI", align: "left", cell: (r) => (r ? `[${f(r[1].ci95[0])}, ${f(r[1].ci95[1])}]` : "") },
];

/** The per-subject table: every subject when few, else the worst and best few (the full list is in --json). */
export function renderBySubject(by: Record<string, SubjectScore>, avg: SubjectAverage): string {
  const all = Object.entries(by).sort((a, b) => a[1].value - b[1].value || a[0].localeCompare(b[0]));
  const cut = all.length > 2 * EACH_END + 1;
  const rows: Row[] = cut ? [...all.slice(0, EACH_END), null, ...all.slice(-EACH_END)] : all;
  const lines = [
    `by subject (${avg.metric}): ${avg.subjects} subjects, ${avg.n} items`,
    `macro average (mean of subjects) ${f(avg.value)} [${f(avg.ci95[0])}, ${f(avg.ci95[1])}];`,
    `the ${avg.metric} row above is the micro average (mean of items)`,
    ...renderColumns(COLUMNS, rows),
  ];
  if (cut) lines.push(`worst and best ${EACH_END} of ${all.length} subjects shown; --json lists all of them`);
  return lines.join("\n");
}
