/**
 * Agreement between judges. Cohen's κ for two judges over the same items (nominal grades);
 * Krippendorff's α for any number of judges, with missing grades, nominal or interval.
 */

/** Cohen's κ = (p_o − p_e) / (1 − p_e): observed agreement against the agreement two judges with these marginals would reach by chance. Null when p_e = 1 (both judges gave one grade throughout). */
export function cohensKappa(a: readonly (string | number)[], b: readonly (string | number)[]): number | null {
  if (a.length !== b.length) throw new Error("cohensKappa: both judges must grade the same items");
  const n = a.length;
  if (n === 0) return null;
  const ca = new Map<string | number, number>();
  const cb = new Map<string | number, number>();
  let agree = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x === y) agree++;
    ca.set(x, (ca.get(x) ?? 0) + 1);
    cb.set(y, (cb.get(y) ?? 0) + 1);
  }
  let pe = 0;
  for (const [k, v] of ca) pe += (v / n) * ((cb.get(k) ?? 0) / n);
  if (pe === 1) return null;
  return (agree / n - pe) / (1 - pe);
}

/**
 * Krippendorff's α = 1 − D_o / D_e from the coincidence matrix (Krippendorff 2011, "Computing
 * Krippendorff's alpha-reliability"). `grades[judge][unit]`, null where a judge gave none; units
 * with fewer than two grades are left out. Nominal distance: 0 if equal, else 1; interval: (c − k)².
 * Null when there is no disagreement to expect (every pairable grade is the same value).
 */
export function krippendorffAlpha(
  grades: ReadonlyArray<ReadonlyArray<number | null>>,
  level: "nominal" | "interval" = "nominal",
): number | null {
  const units = Math.max(0, ...grades.map((g) => g.length));
  const delta = (c: number, k: number): number => (level === "nominal" ? (c === k ? 0 : 1) : (c - k) ** 2);
  // Coincidences o[c][k], accumulated as a list of (c, k, weight): each unit with m grades adds 1/(m−1) per ordered pair.
  const pairs: Array<[number, number, number]> = [];
  for (let u = 0; u < units; u++) {
    const vals = grades.map((g) => g[u]).filter((v): v is number => v !== null && v !== undefined);
    const m = vals.length;
    if (m < 2) continue;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) if (i !== j) pairs.push([vals[i] as number, vals[j] as number, 1 / (m - 1)]);
  }
  const nc = new Map<number, number>();
  let n = 0;
  let observed = 0;
  for (const [c, k, w] of pairs) {
    nc.set(c, (nc.get(c) ?? 0) + w);
    n += w;
    observed += w * delta(c, k);
  }
  if (n <= 1) return null;
  let expected = 0;
  const values = [...nc.entries()];
  for (const [c, a] of values) for (const [k, b] of values) expected += a * (c === k ? a - 1 : b) * delta(c, k);
  expected /= n - 1;
  if (expected === 0) return null;
  return 1 - observed / expected;
}
