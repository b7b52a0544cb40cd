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
  return interpolateRanks(n, q, sorted[lo]!, sorted[hi]!);
}

/** Type 7 from the two order statistics `percentileRanks(n, q)` names (values at ranks lo and hi). */
function interpolateRanks(n: number, q: number, atLo: number, atHi: number): number {
  const h = (n - 1) * q;
  return atLo + (h - Math.floor(h)) * (atHi - atLo);
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
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += sorted[i] ?? Number.NaN;
  return fromRanks(sorted.length, sum, (rank) => sorted[rank] ?? Number.NaN);
}

const QUANTILES = [0.5, 0.9, 0.95, 0.99] as const;
const EMPTY = new Float64Array(0);

/**
 * `distribution()` of the union of several runs, each sorted ascending, without merging them into
 * one array: a k-way walk visits the values in ascending order, adding them to the sum in the
 * order a sort of the whole would, and keeps only the values at the ranks the percentiles read.
 * Same numbers as `distributionOfSorted` of the merged runs, to the bit, with no copy of n values.
 */
export function distributionOfSortedRuns(runs: readonly Float64Array[]): Distribution {
  const live = runs.filter((r) => r.length > 0);
  if (live.length <= 1) return distributionOfSorted(live[0] ?? EMPTY);
  const n = live.reduce((a, r) => a + r.length, 0);
  const ranks = [0, n - 1, ...QUANTILES.flatMap((q) => Object.values(percentileRanks(n, q)))];
  const wanted = [...new Set(ranks)].sort((a, b) => a - b);
  const atRank = new Map<number, number>();
  // A binary min-heap of runs keyed by each run's next value: `key[k]` is that value for the run
  // `run[k]`, held beside it so a comparison reads two doubles and no run.
  const size0 = live.length;
  const run = new Int32Array(size0);
  const key = new Float64Array(size0);
  const next = new Int32Array(size0);
  for (let k = 0; k < size0; k++) {
    run[k] = k;
    key[k] = live[k]?.[0] ?? Infinity;
  }
  const siftDown = (from: number, size: number): void => {
    let at = from;
    const r0 = run[at] ?? 0;
    const k0 = key[at] ?? Infinity;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      if (child + 1 < size && (key[child + 1] ?? Infinity) < (key[child] ?? Infinity)) child++;
      const kc = key[child] ?? Infinity;
      if (k0 <= kc) break;
      key[at] = kc;
      run[at] = run[child] ?? 0;
      at = child;
    }
    key[at] = k0;
    run[at] = r0;
  };
  for (let inner = Math.floor(size0 / 2) - 1; inner >= 0; inner--) siftDown(inner, size0);
  let size = size0;
  let sum = 0;
  let w = 0;
  for (let rank = 0; rank < n; rank++) {
    const v = key[0] ?? Number.NaN;
    sum += v;
    if (rank === wanted[w]) atRank.set(wanted[w++] ?? rank, v);
    const i = run[0] ?? 0;
    const r = live[i] ?? EMPTY;
    const j = (next[i] ?? 0) + 1;
    next[i] = j;
    if (j < r.length) key[0] = r[j] ?? Infinity;
    else {
      size--;
      key[0] = key[size] ?? Infinity;
      run[0] = run[size] ?? 0;
    }
    siftDown(0, size);
  }
  return fromRanks(n, sum, (rank) => atRank.get(rank) ?? Number.NaN);
}

/** A distribution from its count, sum and a reader of the value at any rank it needs (ascending order). */
function fromRanks(n: number, sum: number, at: (rank: number) => number): Distribution {
  if (n === 0) return { n: 0, mean: null, min: null, max: null, p50: null, p90: null, p95: null, p99: null };
  const p = (q: number): number => {
    const { lo, hi } = percentileRanks(n, q);
    return interpolateRanks(n, q, at(lo), at(hi));
  };
  return { n, mean: sum / n, min: at(0), max: at(n - 1), p50: p(0.5), p90: p(0.9), p95: p(0.95), p99: p(0.99) };
}
