import Table from "cli-table3";
import type { GateVerdict } from "../decide/gate.js";
import type { Scorecard } from "../decide/scorecard.js";

const f = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? "—" : Number(x.toPrecision(3)).toString();

function cell(g: GateVerdict): string {
  if (g.verdict === "not_measured") return "not measured";
  const ci = g.ci95 ? ` [${f(g.ci95[0])}, ${f(g.ci95[1])}]` : "";
  const more = g.verdict === "inconclusive" && g.n_needed !== null ? ` (n≈${g.n_needed})` : "";
  return `${g.verdict} ${f(g.value)}${ci}${more}`;
}

/** The scorecard: one row per candidate with its status, rank and each gate's verdict; the recommendation below. */
export function renderScorecard(card: Scorecard, recommendation: string): string {
  const gates = [...new Set(card.rows.flatMap((r) => r.gates.map((g) => g.gate.text)))];
  const t = new Table({
    head: ["candidate", "status", "rank", "score", ...gates],
    style: { head: [], border: [] },
    wordWrap: true,
  });
  for (const r of card.rows) {
    t.push([
      r.name,
      r.status,
      r.rank === null ? "—" : String(r.rank),
      f(r.score),
      ...gates.map((name) => {
        const g = r.gates.find((x) => x.gate.text === name);
        return g ? cell(g) : "—";
      }),
    ]);
  }
  const left = [
    ...card.standards_left_out.map((s) => `not ranked on ${s.standard}: ${s.reason}`),
    ...card.objectives_left_out.map((o) => `not ranked by ${o.metric}: ${o.reason}`),
  ];
  return [`scorecard — profile ${card.profile}`, t.toString(), ...left, "", recommendation, ""].join("\n");
}
