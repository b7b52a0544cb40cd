/** Summary of a sample of values (ms): count, mean, extremes and exact percentiles; all null when empty. */
export interface Distribution {
  n: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  /**
   * Present only when the percentiles come from a histogram (the sample outgrew what is kept
   * exactly): each is within `relative_error` of the exact value; n, min and max stay exact and
   * the mean is the exact sum over n.
   */
  approx?: { relative_error: number };
}

/**
 * Percentile of sorted values by linear interpolation between closest ranks: rank h = (n−1)·q,
 * the value is x[⌊h⌋] + (h−⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). This is Hyndman–Fan type 7, numpy's default,
 * so infermark's percentiles match vLLM's benchmark on the same values.
 */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new Error("percentile of an empty sample");
  const { lo, hi } = percentileRanks(n, q);
  const h = (n - 1) * q;
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** The two 0-based ranks `percentileSorted` reads for the q-percentile of n values, so a caller can find just those. */
export function percentileRanks(n: number, q: number): { lo: number; hi: number } {
  const lo = Math.floor((n - 1) * q);
  return { lo, hi: Math.min(lo + 1, n - 1) };
}

/** Exact distribution of the values, computed from all of them (no sketch, no binning). */
export function distribution(values: ArrayLike<number>): Distribution {
  return distributionOfSorted(Float64Array.from(values).sort());
}

/** `distribution()` of values already sorted ascending: no copy, for samples too large to copy twice. */
export function distributionOfSorted(sorted: Float64Array): Distribution {
  const n = sorted.length;
  if (n === 0) return { n: 0, mean: null, min: null, max: null, p50: null, p90: null, p95: null, p99: null };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  return {
    n,
    mean: sum / n,
    min: sorted[0]!,
    max: sorted[n - 1]!,
    p50: percentileSorted(sorted, 0.5),
    p90: percentileSorted(sorted, 0.9),
    p95: percentileSorted(sorted, 0.95),
    p99: percentileSorted(sorted, 0.99),
  };
}
