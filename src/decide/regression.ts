import type { RunComparison } from "../standards/accuracy/compare-runs.js";

/** One metric of `compare --fail-on-regression`, judged against its non-inferiority margin. */
export interface RegressionCheck {
  metric: string;
  /** A drop smaller than this is not a regression (in the metric's own unit). */
  margin: number;
  difference: number | null;
  ci95: [number, number] | null;
  /**
   * `regression`: the whole interval of B − A lies below −margin (B is worse by more than the margin).
   * `non_inferior`: the whole interval lies above −margin. `inconclusive`: it straddles −margin (more
   * items would settle it). `no_pairs`: nothing to compare.
   */
  verdict: "regression" | "non_inferior" | "inconclusive" | "no_pairs";
}

// Metrics where lower is better; every other accuracy metric is better higher.
const LOWER_IS_BETTER = new Set(["ter"]);

/**
 * Judges every compared metric with a non-inferiority margin: the margin named for the metric,
 * else the profile's `accuracy` margin, else `fallback`. Only an interval wholly past the margin
 * is a regression, so one flaky sample cannot fail a build; an interval that straddles it is
 * reported as inconclusive.
 */
export function regressionChecks(
  cmp: RunComparison,
  margins: Readonly<Record<string, number>>,
  fallback = 0.02,
): RegressionCheck[] {
  return Object.entries(cmp.metrics).map(([metric, m]) => {
    const margin = margins[metric] ?? margins.accuracy ?? fallback;
    if (m.difference === null || m.ci95 === null)
      return { metric, margin, difference: null, ci95: null, verdict: "no_pairs" };
    // Oriented so that positive is better for B.
    const sign = LOWER_IS_BETTER.has(metric) ? -1 : 1;
    const lo = Math.min(sign * m.ci95[0], sign * m.ci95[1]);
    const hi = Math.max(sign * m.ci95[0], sign * m.ci95[1]);
    const verdict = hi < -margin ? "regression" : lo > -margin ? "non_inferior" : "inconclusive";
    return { metric, margin, difference: m.difference, ci95: m.ci95, verdict };
  });
}

/** A regression check of one metric under one perturbation (`original`: the items as written). */
export interface PerturbationCheck extends RegressionCheck {
  perturbation: string;
}

/**
 * The checks of an eval comparison: the items as written, then, where the runs were perturbed,
 * each perturbation on its own — a server that keeps its accuracy on clean input but loses it on
 * noisy input has regressed too.
 */
export function perturbationChecks(
  cmp: RunComparison & { by_perturbation?: Record<string, RunComparison> },
  margins: Readonly<Record<string, number>>,
  fallback = 0.02,
): PerturbationCheck[] {
  const by = cmp.by_perturbation ?? { original: cmp };
  return Object.entries(by).flatMap(([perturbation, c]) =>
    regressionChecks(c, margins, fallback).map((check) => ({ ...check, perturbation })),
  );
}
