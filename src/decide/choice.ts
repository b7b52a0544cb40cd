import type { Candidate } from "./estimate.js";
import type { ParetoResult } from "./pareto.js";
import type { Scorecard } from "./scorecard.js";

export const CHOICE_SCHEMA = "infermark.choice/1";

/** What `infermark run` writes to summary.json and prints: every candidate's metrics, the scorecard, the trade-off and the recommendation. */
export interface ChoiceSummary {
  schema: typeof CHOICE_SCHEMA;
  profile: string;
  candidates: Array<{
    name: string;
    eval_dirs: string[];
    bench_dir: string | null;
    level: number | null;
    metrics: Candidate["metrics"];
  }>;
  scorecard: Scorecard;
  pareto: ParetoResult;
  recommendation: string;
}
