import type { GateVerdict } from "../decide/gate.js";
import type { Scorecard } from "../decide/scorecard.js";
import { renderColumns, type Column } from "./columns.js";

const f = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? "—" : Number(x.toPrecision(3)).toString();

function cell(g: GateVerdict): string {
  if (g.verdict === "not_measured") return "not measured";
  const ci = g.ci95 ? ` [${f(g.ci95[0])}, ${f(g.ci95[1])}]` : "";
  const more = g.verdict === "inconclusive" && g.n_needed !== null ? ` (n≈${g.n_needed})` : "";
  return `${g.verdict} ${f(g.value)}${ci}${more}`;
}

type Candidate = Scorecard["rows"][number];

const CANDIDATES: ReadonlyArray<Column<Candidate>> = [
  { head: "candidate", align: "left", cell: (r) => r.name },
  { head: "status", align: "left", cell: (r) => r.status },
  { head: "rank", align: "right", cell: (r) => (r.rank === null ? "—" : String(r.rank)) },
  { head: "score", align: "right", cell: (r) => f(r.score) },
];

const GATES: ReadonlyArray<Column<[string, string, string]>> = [
  { head: "candidate", align: "left", cell: (r) => r[0] },
  { head: "gate", align: "left", cell: (r) => r[1] },
  { head: "verdict", align: "left", cell: (r) => r[2] },
];

/**
 * The scorecard: one row per candidate with its status, rank and score, then one row per
 * candidate and gate (a column per gate would outgrow 80 columns); the recommendation below.
 */
export function renderScorecard(card: Scorecard, recommendation: string): string {
  const gates = [...new Set(card.rows.flatMap((r) => r.gates.map((g) => g.gate.text)))];
  const verdicts = card.rows.flatMap((r) =>
    gates.map((name): [string, string, string] => {
      const g = r.gates.find((x) => x.gate.text === name);
      return [r.name, name, g ? cell(g) : "—"];
    }),
  );
  const t = [
    ...renderColumns(CANDIDATES, card.rows),
    ...(gates.length > 0 ? ["", ...renderColumns(GATES, verdicts)] : []),
  ];
  const left = [
    ...card.standards_left_out.map((s) => `not ranked on ${s.standard}: ${s.reason}`),
    ...card.objectives_left_out.map((o) => `not ranked by ${o.metric}: ${o.reason}`),
  ];
  return [`scorecard — profile ${card.profile}`, ...t, ...left, "", recommendation, ""].join("\n");
}
