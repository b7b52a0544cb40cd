/**
 * Unbiased pass@k for one problem with `n` samples of which `c` passed (Chen et al. 2021):
 * 1 − C(n−c, k)/C(n, k), computed as the product 1 − Π_{i=n−c+1..n} (1 − k/i) for stability.
 * 1 when fewer than k samples failed. Undefined (throws) for k > n.
 */
export function passAtK(n: number, c: number, k: number): number {
  if (k > n) throw new Error(`pass@${k} needs at least ${k} samples, got ${n}`);
  if (n - c < k) return 1;
  let prod = 1;
  for (let i = n - c + 1; i <= n; i++) prod *= 1 - k / i;
  return 1 - prod;
}
