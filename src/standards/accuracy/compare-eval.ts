import { UserError } from "../../errors.js";
import { compareRuns, type RunComparison, type RunSamples } from "./compare-runs.js";

/** Schema id of what `infermark compare --json` prints. */
export const COMPARE_SCHEMA = "infermark.compare/1";

/** One eval run as compare sees it: where it is, its task's name and metrics, and its scored samples. */
export interface ComparedRun extends RunSamples {
  dir: string;
  task: { name: string; metrics: readonly string[] };
}

/** The items as written, in `by_perturbation`. */
export const ORIGINAL = "original";

/** A metric whose paired 95% CI of B − A leaves out 0, for the items as written or under one perturbation. */
export interface Divergence {
  perturbation: string;
  metric: string;
  difference: number;
  ci95: [number, number];
}

/** What `infermark compare` reports: which runs, then the paired comparison per metric. */
export interface CompareResult extends RunComparison {
  schema: typeof COMPARE_SCHEMA;
  task: string;
  /** The baseline run's directory. */
  a: string;
  /** The candidate run's directory. */
  b: string;
  /**
   * Runs with perturbed variants: the comparison above (the items as written, `original`), then
   * the same under each perturbation both runs asked (same name and seed), so a server or quantisation that only breaks on noisy input
   * shows where; absent when neither run has variants.
   */
  by_perturbation?: Record<string, RunComparison>;
  /** Every (perturbation, metric) of `by_perturbation` whose CI leaves out 0 — the drift to look at. */
  divergent?: Divergence[];
  /** Perturbations only one run asked (or asked with another seed), so not compared. */
  perturbations_unpaired?: string[];
}

/** One perturbation both runs asked, with each run's samples of it. */
export interface PerturbedPair {
  name: string;
  a: RunSamples;
  b: RunSamples;
}

/** Per perturbation (after the items as written), the paired comparison over the items both runs answered under it. */
function byPerturbation(
  original: RunComparison,
  perturbed: readonly PerturbedPair[],
  metrics: readonly string[],
  seed: number,
): { by: Record<string, RunComparison>; divergent: Divergence[] } {
  const by: Record<string, RunComparison> = { [ORIGINAL]: original };
  for (const p of perturbed) by[p.name] = compareRuns(p.a, p.b, metrics, seed);
  const divergent: Divergence[] = [];
  for (const [perturbation, c] of Object.entries(by))
    for (const [metric, m] of Object.entries(c.metrics)) {
      if (m.ci95 === null || m.difference === null) continue;
      if (m.ci95[0] > 0 || m.ci95[1] < 0)
        divergent.push({ perturbation, metric, difference: m.difference, ci95: m.ci95 });
    }
  return { by, divergent };
}

/**
 * Compares run B with baseline A on every metric both tasks score, pairing their items. Runs of
 * different tasks have no items in common, so they are refused rather than reported as "no pairs".
 */
export function compareEvalRuns(
  A: ComparedRun,
  B: ComparedRun,
  seed = 0,
  perturbed: readonly PerturbedPair[] = [],
): CompareResult {
  if (A.task.name !== B.task.name)
    throw new UserError(`compare: the runs are of different tasks (${A.task.name}, ${B.task.name})`);
  const metrics = A.task.metrics.filter((m) => B.task.metrics.includes(m));
  const original = compareRuns(A, B, metrics, seed);
  const drift = perturbed.length ? byPerturbation(original, perturbed, metrics, seed) : null;
  return {
    schema: COMPARE_SCHEMA,
    task: A.task.name,
    a: A.dir,
    b: B.dir,
    ...original,
    ...(drift ? { by_perturbation: drift.by, divergent: drift.divergent } : {}),
  };
}
