import { bootstrap, meanStderr, wilson } from "../../stats/intervals.js";

/** A metric with its 95 % interval and the count it rests on; the same fields as accuracy's MetricValue. */
export interface Metric {
  value: number;
  stderr: number;
  ci95: [number, number];
  n: number;
  ci_method: "wilson" | "bootstrap" | "cluster_bootstrap";
}

/** A paired difference (perturbed − original over the same items). */
export interface Delta {
  value: number;
  stderr: number;
  ci95: [number, number];
  n: number;
  ci_method: "paired_bootstrap";
  p_value: number;
  test: "mcnemar_exact" | "mcnemar_chi2" | "paired_bootstrap";
}

/** A metric that cannot apply to these data, with why; never a silent 0. */
export interface NotApplicable {
  value: null;
  n: number;
  reason: string;
}

export const isBinary = (xs: readonly number[]): boolean => xs.every((x) => x === 0 || x === 1);

export const mean = (xs: readonly number[]): number =>
  xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;

/** The values at the resampled indices. */
export const at = (xs: readonly number[], idx: readonly number[]): number[] => idx.map((i) => xs[i] ?? Number.NaN);

/**
 * Mean of one value per unit (n ≥ 1): a proportion of 0/1 values gets a Wilson interval, anything
 * else a seeded percentile bootstrap over the units. `clustered` says each unit is itself an
 * average over several variants.
 */
export function meanMetric(xs: readonly number[], seed: number, clustered = false): Metric {
  const { mean: m, stderr } = meanStderr(xs);
  if (isBinary(xs))
    return {
      value: m,
      stderr,
      ci95: wilson(xs.filter((x) => x === 1).length, xs.length),
      n: xs.length,
      ci_method: "wilson",
    };
  const b = bootstrap(xs.length, (idx) => mean(at(xs, idx)), { seed });
  return { value: m, stderr, ci95: b.ci95, n: xs.length, ci_method: clustered ? "cluster_bootstrap" : "bootstrap" };
}

/**
 * 2.5th and 97.5th percentiles of a bootstrap statistic that is undefined on some resamples (NaN):
 * those resamples are dropped rather than counted as some number. Null when every one is.
 */
export function finitePercentiles(values: readonly number[]): { ci95: [number, number]; stderr: number } | null {
  const ok = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (ok.length === 0) return null;
  const q = (p: number): number => ok[Math.min(ok.length - 1, Math.max(0, Math.floor(p * ok.length)))] ?? Number.NaN;
  const m = mean(ok);
  const sd = ok.length < 2 ? 0 : Math.sqrt(ok.reduce((a, v) => a + (v - m) ** 2, 0) / (ok.length - 1));
  return { ci95: [q(0.025), q(0.975)], stderr: sd };
}
