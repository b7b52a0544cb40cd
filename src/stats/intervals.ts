import { createRng, mixSeed } from "./rng.js";

/** Wilson score interval for a proportion (z = 1.96 for 95 %); [0, 0] when n is 0. */
export function wilson(successes: number, n: number, z = 1.959963984540054): [number, number] {
  if (n === 0) return [0, 0];
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Mean and its standard error (sample standard deviation / √n); stderr is 0 for n < 2. */
export function meanStderr(xs: readonly number[]): { mean: number; stderr: number } {
  const n = xs.length;
  if (n === 0) return { mean: 0, stderr: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, stderr: 0 };
  const v = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  return { mean, stderr: Math.sqrt(v / n) };
}

/**
 * Percentile bootstrap: resamples `n` units (items, or clusters of samples) with replacement
 * `reps` times, seeded, and returns the 2.5th and 97.5th percentiles of `statistic` over the
 * resamples, their standard deviation as the standard error, and the sorted resampled values.
 */
export function bootstrap(
  n: number,
  statistic: (indices: number[]) => number,
  opts: { reps?: number; seed?: number } = {},
): { ci95: [number, number]; stderr: number; values: number[] } {
  if (n === 0) return { ci95: [0, 0], stderr: 0, values: [] };
  const reps = opts.reps ?? 1000;
  const rng = createRng(mixSeed(opts.seed ?? 0, 0xb007));
  const values: number[] = [];
  const idx = new Array<number>(n);
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < n; i++) idx[i] = Math.floor(rng() * n);
    values.push(statistic(idx));
  }
  values.sort((a, b) => a - b);
  const at = (q: number): number => values[Math.min(reps - 1, Math.max(0, Math.floor(q * reps)))]!;
  const { stderr } = meanStderr(values);
  return { ci95: [at(0.025), at(0.975)], stderr: stderr * Math.sqrt(reps), values };
}
