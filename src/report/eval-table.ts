import Table from "cli-table3";
import type { EvalSummary } from "../standards/accuracy/summarize-eval.js";
import { renderFlips, renderRobustness } from "./robustness-table.js";
import { renderDecodingSweep } from "./sweep-table.js";
import { renderBySubject } from "./subject-table.js";
import { renderUsability } from "./usability-table.js";

const f = (x: number, d = 4): string => x.toFixed(d);

/** Renders an eval summary: one table row per metric, then each task's extraction, truncation and warnings. */
export function renderEvalSummary(s: EvalSummary): string {
  const parts: string[] = [];
  for (const t of s.tasks) {
    const table = new Table({ head: ["metric", "n", "value", "95% CI", "stderr"], style: { head: [], border: [] } });
    for (const [name, m] of Object.entries(t.metrics))
      table.push([name, m.n, f(m.value), `[${f(m.ci95[0])}, ${f(m.ci95[1])}] ${m.ci_method}`, f(m.stderr)]);
    const lines = [
      `── task ${t.task}: ${t.n} items × ${t.samples} sample(s)`,
      table.toString(),
      `extraction: ${t.extraction.strict} strict, ${t.extraction.flexible} flexible, ${t.extraction.none} none; no answer ${f(t.no_answer_rate * 100, 1)}%, truncated ${f(t.truncation_rate * 100, 1)}%, failed ${t.failed}, from cache ${t.cached}`,
      `tokens: ${t.tokens.input} in, ${t.tokens.output} out`,
    ];
    if (t.strict_flexible_gap)
      lines.push(
        `${t.strict_flexible_gap.metric} with strict extraction only: ${f(t.strict_flexible_gap.strict)} (gap ${f(t.strict_flexible_gap.gap)})`,
      );
    if (t.pool)
      lines.push(
        `sample pool (${t.pool.metric}): ` +
          t.pool.curve
            .map(
              (c) =>
                `k=${c.k} pass@k ${f(c.pass_at_k, 3)} pass^k ${f(c.pass_all_k, 3)} maj@k ${f(c.maj_at_k, 3)} (${c.output_tokens_per_item.toFixed(0)} tok/item)`,
            )
            .join("; "),
      );
    if (t.by_subject && t.subject_average) lines.push(renderBySubject(t.by_subject, t.subject_average));
    if (t.decoding_sweep) lines.push(renderDecodingSweep(t.decoding_sweep));
    if (t.robustness) lines.push(renderRobustness(t.robustness));
    if (t.flips?.length) lines.push(renderFlips(t.flips));
    if (t.usability) lines.push(renderUsability(t.usability));
    lines.push(...t.warnings.map((w) => `warning: ${w}`));
    parts.push(lines.join("\n"));
  }
  return parts.join("\n\n") + "\n";
}
