import { percentileSorted } from "../../../stats/distribution.js";

/** Mean, 0 for no values (numpy's `np.mean(x or 0)` as vLLM writes it). */
export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

/** Standard deviation with divisor n − ddof (numpy default ddof 0; pandas ddof 1). */
export function std(xs: readonly number[], ddof: 0 | 1): number {
  if (xs.length - ddof <= 0) return ddof ? Number.NaN : 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - ddof));
}

/** Percentile by linear interpolation (numpy / pandas default); 0 for no values, as vLLM does. */
export function linearPercentile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return 0;
  return percentileSorted(Float64Array.from(xs).sort(), q);
}

/** Weighted percentile as an inverse step CDF: the smallest value whose cumulative weight share reaches q. */
export function weightedPercentile(values: readonly number[], weights: readonly number[], q: number): number {
  const pairs = values
    .map((v, i) => [v, weights[i]!] as const)
    .filter(([, w]) => w > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = pairs.reduce((a, [, w]) => a + w, 0);
  if (total === 0) return 0;
  let acc = 0;
  for (const [v, w] of pairs) {
    acc += w;
    if (acc / total >= q - 1e-12) return v;
  }
  return pairs.at(-1)![0];
}
