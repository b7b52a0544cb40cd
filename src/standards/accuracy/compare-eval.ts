import { UserError } from "../../errors.js";
import { compareRuns, type RunComparison, type RunSamples } from "./compare-runs.js";

/** Schema id of what `infermark compare --json` prints. */
export const COMPARE_SCHEMA = "infermark.compare/1";

/** One eval run as compare sees it: where it is, its task's name and metrics, and its scored samples. */
export interface ComparedRun extends RunSamples {
  dir: string;
  task: { name: string; metrics: readonly string[] };
}

/** What `infermark compare` reports: which runs, then the paired comparison per metric. */
export interface CompareResult extends RunComparison {
  schema: typeof COMPARE_SCHEMA;
  task: string;
  /** The baseline run's directory. */
  a: string;
  /** The candidate run's directory. */
  b: string;
}

/**
 * Compares run B with baseline A on every metric both tasks score, pairing their items. Runs of
 * different tasks have no items in common, so they are refused rather than reported as "no pairs".
 */
export function compareEvalRuns(A: ComparedRun, B: ComparedRun, seed = 0): CompareResult {
  if (A.task.name !== B.task.name)
    throw new UserError(`compare: the runs are of different tasks (${A.task.name}, ${B.task.name})`);
  const metrics = A.task.metrics.filter((m) => B.task.metrics.includes(m));
  return { schema: COMPARE_SCHEMA, task: A.task.name, a: A.dir, b: B.dir, ...compareRuns(A, B, metrics, seed) };
}
