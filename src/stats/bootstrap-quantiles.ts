import { percentileRanks, percentileSorted } from "./distribution.js";
import { normal, type Rng } from "./rng.js";

/** A Gamma(shape, 1) draw for shape ≥ 1 (Marsaglia and Tsang, 2000). */
function gamma(shape: number, rng: Rng): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(rng);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = 1 - rng();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A Beta(a, b) draw for a, b ≥ 1. */
function beta(a: number, b: number, rng: Rng): number {
  const x = gamma(a, rng);
  return x / (x + gamma(b, rng));
}

/**
 * Bootstrap resamples of quantiles of one sample: `reps` resamples of its n values drawn with
 * replacement, each giving the q-quantile by `percentileSorted` (the bench summary's definition).
 * The result keeps resample order (one array per q), so the resamples of two independent samples
 * can be subtracted pairwise.
 *
 * A resample draws n indices ⌊n·U⌋ of the sorted sample from n uniforms U, so its k-th smallest
 * value is sorted[⌊n·U₍ₖ₎⌋], with U₍ₖ₎ the k-th smallest uniform: Beta(k, n − k + 1), and the next
 * one above it the least of the n − k uniforms left on (U₍ₖ₎, 1). Drawing just the two order
 * statistics a percentile reads gives each resampled percentile exactly the distribution of
 * drawing all n values and sorting them, in O(1) instead of O(n) per resample. Each q is drawn on
 * its own: only the difference of one q between two runs is ever taken.
 */
export function bootstrapQuantiles(
  sorted: Float64Array,
  qs: readonly number[],
  reps: number,
  rng: Rng,
): Float64Array[] {
  const n = sorted.length;
  const out = qs.map(() => new Float64Array(reps));
  if (n === 0) return out;
  const at = (u: number): number => sorted[Math.min(n - 1, Math.floor(n * u))] ?? Number.NaN;
  qs.forEach((q, s) => {
    const row = out[s];
    if (!row) return;
    const { lo, hi } = percentileRanks(n, q);
    // The resample as percentileSorted sees it: its length and the two order statistics it reads.
    const view: { length: number; [rank: number]: number } = { length: n };
    for (let r = 0; r < reps; r++) {
      const u = beta(lo + 1, n - lo, rng); // 0-based rank lo is the (lo + 1)-th smallest
      view[lo] = at(u);
      if (hi > lo) view[hi] = at(u + (1 - u) * (1 - (1 - rng()) ** (1 / (n - lo - 1))));
      row[r] = percentileSorted(view, q);
    }
  });
  return out;
}

/**
 * The 95 % percentile interval of resampled differences b[r] − a[r] (the 2.5th and 97.5th
 * percentiles, by the same percentile definition): a and b are resamples of independent samples.
 */
export function differenceInterval(a: Float64Array, b: Float64Array): [number, number] {
  const reps = Math.min(a.length, b.length);
  if (reps === 0) throw new Error("difference interval of no resamples");
  const d = new Float64Array(reps);
  for (let r = 0; r < reps; r++) d[r] = (b[r] ?? Number.NaN) - (a[r] ?? Number.NaN);
  d.sort();
  return [percentileSorted(d, 0.025), percentileSorted(d, 0.975)];
}
