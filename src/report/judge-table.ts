import type { JudgeSummary } from "../standards/usability/judge/judge-summary.js";

type Estimate = { value: number; ci95: [number, number]; n: number } | { value: null; reason: string };

const f = (x: number | null | undefined, d = 3): string => (x === null || x === undefined ? "n/a" : x.toFixed(d));
const est = (m: Estimate, d = 3): string =>
  m.value === null ? `n/a (${m.reason})` : `${f(m.value, d)} [${f(m.ci95[0], d)}, ${f(m.ci95[1], d)}] (n ${m.n})`;

/** The judge's lines of the usability block, each within 80 columns (reasons may run longer). */
export function renderJudge(j: JudgeSummary): string[] {
  const panel = `${j.judges} judge${j.judges === 1 ? "" : "s"}`;
  const lines =
    j.mode === "single"
      ? [`judge (single, ${j.rubric} ${j.scale?.join("-")}, ${panel})`, `  score ${est(j.score, 2)}`]
      : [
          `judge (pairwise, ${panel})`,
          `  win rate ${est(j.win_rate)}`,
          `  length-controlled win rate ${est(j.lc_win_rate)}`,
          `  ties ${f(j.tie_rate)}, inconsistent in the swap ${f(j.inconsistency_rate)}`,
        ];
  lines.push(`  ungraded ${j.n_ungraded} of ${j.n}, first replies unparsed ${f(j.parse_failure_rate)}`);
  const a = j.agreement;
  const agree =
    a.value === null && "reason" in a
      ? `n/a (${a.reason})`
      : "method" in a
        ? `${a.method === "cohen_kappa" ? "Cohen's kappa" : `Krippendorff's alpha (${a.level})`} ${f(a.value)} (n ${a.n})`
        : "n/a";
  lines.push(`  agreement ${agree}`);
  if (j.judges > 1) j.per_judge.forEach((p, i) => lines.push(`  judge ${i + 1} alone ${est(p, 3)}`));
  if (j.repeat_sd.value !== null) lines.push(`  repeat SD ${f(j.repeat_sd.value)} (n ${j.repeat_sd.n})`);
  const t = j.judge_tokens;
  lines.push(
    `  judge cost: ${t.input ?? "n/a"} in + ${t.output} out tokens, ${t.calls} calls (${t.cached_calls} cached)`,
  );
  lines.push(`  judge latency ms ${est(j.judge_latency, 0)}`);
  return lines;
}
