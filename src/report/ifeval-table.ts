import Table from "cli-table3";
import type { IfevalMetric, IfevalSummary } from "../standards/usability/ifeval/score.js";

/** The four IFEval figures, then accuracy per instruction group. */
export function renderIfeval(s: IfevalSummary): string {
  const t = new Table({ head: ["ifeval", "n", "passed", "value", "95% CI"], style: { head: [], border: [] } });
  const row = (name: string, m: IfevalMetric): string[] => [
    name,
    String(m.n),
    String(m.passed),
    m.value.toFixed(4),
    `[${m.ci95[0].toFixed(4)}, ${m.ci95[1].toFixed(4)}]`,
  ];
  t.push(
    row("prompt strict", s.prompt_strict),
    row("inst strict", s.inst_strict),
    row("prompt loose", s.prompt_loose),
    row("inst loose", s.inst_loose),
  );
  const g = new Table({ head: ["group", "n", "strict", "loose"], style: { head: [], border: [] } });
  for (const [name, b] of Object.entries(s.by_group))
    g.push([name, String(b.strict.n), b.strict.value.toFixed(4), b.loose.value.toFixed(4)]);
  return `${t.toString()}\n${g.toString()}\n`;
}

/** `score --metric ifeval --json`: the four figures as plain numbers, with n, their intervals and the breakdowns beside them. */
export function ifevalJson(s: IfevalSummary): Record<string, unknown> {
  return {
    metric: "ifeval",
    prompt_strict: s.prompt_strict.value,
    inst_strict: s.inst_strict.value,
    prompt_loose: s.prompt_loose.value,
    inst_loose: s.inst_loose.value,
    n: s.prompt_strict.n,
    ci95: {
      prompt_strict: s.prompt_strict.ci95,
      inst_strict: s.inst_strict.ci95,
      prompt_loose: s.prompt_loose.ci95,
      inst_loose: s.inst_loose.ci95,
    },
    instructions: s.inst_strict.n,
    by_instruction: s.by_instruction,
    by_group: s.by_group,
    language: s.language,
  };
}
