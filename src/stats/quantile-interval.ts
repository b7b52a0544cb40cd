/**
 * Distribution-free confidence interval for a quantile, from order statistics.
 *
 * The number B of sample values below the true q-quantile is Binomial(n, q), so for 1-based order
 * statistics x(l) ≤ x(u), P(x(l) ≤ ξq ≤ x(u)) ≥ P(l ≤ B ≤ u − 1). We take the largest l with
 * P(B ≤ l − 1) ≤ α/2 and the smallest u with P(B ≤ u − 1) ≥ 1 − α/2, so each tail holds at most
 * α/2 and the coverage is at least 1 − α whatever the distribution (no bootstrap, no normality).
 * A side that no order statistic can bound (too few values for that quantile) is null: a p99 from
 * 50 requests has no upper bound, and a gate on it must say so rather than pass.
 */
export interface QuantileInterval {
  lo: number | null;
  hi: number | null;
  /** 1-based ranks of the order statistics used, null where unbounded. */
  ranks: [number | null, number | null];
}

/** Binomial(n, q) cumulative probabilities F(0..n), computed in log space so large n does not underflow. */
function binomialCdf(n: number, q: number): Float64Array {
  const cdf = new Float64Array(n + 1);
  if (q <= 0) return cdf.fill(1);
  if (q >= 1) {
    cdf[n] = 1;
    return cdf;
  }
  const lq = Math.log(q);
  const lr = Math.log1p(-q);
  let logC = 0; // log C(n, k)
  let acc = 0;
  for (let k = 0; k <= n; k++) {
    if (k > 0) logC += Math.log(n - k + 1) - Math.log(k);
    acc += Math.exp(logC + k * lq + (n - k) * lr);
    cdf[k] = Math.min(1, acc);
  }
  return cdf;
}

/** The (1 − alpha) interval for the q-quantile of `sorted` (ascending). */
export function quantileInterval(sorted: ArrayLike<number>, q: number, alpha = 0.05): QuantileInterval {
  const n = sorted.length;
  if (n === 0) return { lo: null, hi: null, ranks: [null, null] };
  const F = binomialCdf(n, q);
  // F(j − 1) for rank j = 1..n+1; F(−1) = 0.
  const below = (j: number): number => (j - 1 < 0 ? 0 : (F[Math.min(j - 1, n)] ?? 1));
  let l: number | null = null;
  for (let j = 1; j <= n; j++) {
    if (below(j) <= alpha / 2) l = j;
    else break;
  }
  let u: number | null = null;
  for (let j = 1; j <= n; j++) {
    if (below(j) >= 1 - alpha / 2) {
      u = j;
      break;
    }
  }
  const at = (rank: number | null): number | null => (rank === null ? null : (sorted[rank - 1] ?? null));
  return { lo: at(l), hi: at(u), ranks: [l, u] };
}
