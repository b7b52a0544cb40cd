import Table from "cli-table3";
import type { ScoreResult } from "../standards/accuracy/score-rows.js";

/** Renders scores: one table row per metric, then (when asked for) one tab-separated line per row verdict. */
export function renderScore(r: ScoreResult): string {
  const t = new Table({
    head: ["metric", "n", "value", "95% CI", "stderr", "CI method"],
    style: { head: [], border: [] },
  });
  for (const m of r.metrics)
    t.push([
      m.metric,
      m.n,
      m.value.toFixed(4),
      `[${m.ci95[0].toFixed(4)}, ${m.ci95[1].toFixed(4)}]`,
      m.stderr.toFixed(4),
      m.ci_method,
    ]);
  const lines = r.metrics.flatMap((m) =>
    (m.items ?? []).map(
      (it) =>
        `${m.metric}\t${it.id}\t${it.value === null ? "n/a" : it.value}\t${JSON.stringify(it.answer)}\t${it.stage}\n`,
    ),
  );
  return t.toString() + "\n" + lines.join("");
}
