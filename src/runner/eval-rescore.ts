import { UserError } from "../errors.js";
import { resolveMetrics, scoreMetric, type ScoreResult } from "../standards/accuracy/score-rows.js";
import { readEvalRunJson } from "./eval-dir.js";
import { loadEvalRun } from "./eval-session.js";

/** What a metric reads beyond the answer and the gold, for the line that says a run lacks it. */
const NEEDS: Record<string, string> = {
  pass: "code answers run against their tests (a code task such as humaneval)",
  choice: "multiple-choice items (options and a gold letter)",
  choice_logprob: "token log-probabilities (eval --logprobs against a server that returns them)",
  ifeval: "IFEval instructions on the items (--task ifeval)",
  ifeval_loose: "IFEval instructions on the items (--task ifeval)",
  constraints: "items with constraints (a task YAML's constraints)",
};

/**
 * Re-scores an eval run's own answers (the items as written) with other metrics: each answer as
 * the run extracted it, joined with its item's gold from the task the run directory rebuilds. No
 * model is asked. A metric that can judge none of the answers is a user error saying what it needs.
 */
export function scoreEvalRun(
  dir: string,
  names: readonly string[],
  opts: { perItem: boolean; seed: number },
): ScoreResult {
  const metrics = resolveMetrics(names);
  readEvalRunJson(dir, "score");
  const { samples } = loadEvalRun(dir);
  if (samples.length === 0) throw new UserError(`score ${dir}: the run has no answers yet`);
  const warnings: string[] = [];
  const scores = metrics.map((metric) => {
    const { score, warning } = scoreMetric(metric, samples, opts);
    if (score.n === 0) {
      const base = metric.split(":")[0] ?? metric;
      throw new UserError(
        `--metric ${metric}: none of the run's ${samples.length} answers can be scored by it; it needs ${NEEDS[base] ?? "a gold answer per item"}`,
      );
    }
    if (warning) warnings.push(warning);
    return score;
  });
  return { metrics: scores, warnings };
}
