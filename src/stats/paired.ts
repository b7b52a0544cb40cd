import { bootstrap, meanStderr } from "./intervals.js";
import { newcombePaired } from "./newcombe-paired.js";

/** z for a two-sided 5 % test plus z for 80 % power: the minimum detectable effect is this many standard errors. */
const Z_MDE = 1.959963984540054 + 0.8416212335729143;

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/** Complementary error function (Numerical Recipes' erfcc, fractional error below 1.2e-7). */
function erfc(x: number): number {
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const y =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? y : 2 - y;
}

/**
 * McNemar's test on paired binary outcomes: `b` pairs where only A was right, `c` where only B was.
 * Exact (two-sided binomial on the b + c discordant pairs, p = 0.5) up to 1,000 discordant pairs,
 * else the chi-square form with continuity correction.
 */
export function mcnemar(b: number, c: number): { p: number; method: "mcnemar_exact" | "mcnemar_chi2" } {
  const n = b + c;
  if (n === 0) return { p: 1, method: "mcnemar_exact" };
  if (n <= 1000) {
    const k = Math.min(b, c);
    let tail = 0;
    for (let i = 0; i <= k; i++) tail += Math.exp(logChoose(n, i) - n * Math.LN2);
    return { p: Math.min(1, 2 * tail), method: "mcnemar_exact" };
  }
  const x = (Math.abs(b - c) - 1) ** 2 / n;
  return { p: erfc(Math.sqrt(x / 2)), method: "mcnemar_chi2" };
}

/** A paired comparison of B against A over the same items. */
export interface PairedDifference {
  /** B − A. */
  difference: number;
  ci95: [number, number];
  stderr: number;
  /** Two-sided p. A bootstrap test with no resample across zero gives `1 / reps` with `p_upper_bound` set: p < 1/B, never 0. */
  p_value: number;
  p_upper_bound: boolean;
  test: "mcnemar_exact" | "mcnemar_chi2" | "paired_bootstrap";
  /**
   * Smallest true difference this many items would detect 80 % of the time at a two-sided 5 % level,
   * or null when the observed differences do not vary (no discordant pair, or every item's difference
   * alike): their spread estimates the variance, and a zero spread would claim a zero MDE.
   */
  mde_80: number | null;
  discordant: { a_only: number; b_only: number } | null;
}

/**
 * Compares paired per-item values (B − A) over n ≥ 1 items. For 0/1 values the difference of the
 * means has Newcombe's paired score interval and McNemar's test; otherwise a seeded paired
 * bootstrap over items gives the CI and the test (two-sided: twice the share of resampled
 * differences on the other side of zero). `statistic` lets corpus metrics recompute their score on
 * each resample instead of averaging; with `perItem` it must be the difference of their means.
 */
export function pairedDifference(
  n: number,
  statistic: (indices: number[]) => number,
  perItem: { a: number[]; b: number[] } | null,
  seed = 0,
): PairedDifference {
  const observed = statistic(Array.from({ length: n }, (_, i) => i));
  const binary = (xs: number[]): boolean => xs.every((x) => x === 0 || x === 1);
  return perItem && binary(perItem.a) && binary(perItem.b)
    ? binaryDifference(observed, perItem.a, perItem.b)
    : bootstrapDifference(observed, n, statistic, seed);
}

/** 0/1 outcomes: Newcombe's interval and McNemar's test on the 2×2 table of the pairs. */
function binaryDifference(observed: number, a: number[], b: number[]): PairedDifference {
  const count = (x: number, y: number): number => a.filter((ai, i) => ai === x && b[i] === y).length;
  const [both, aOnly, bOnly] = [count(1, 1), count(1, 0), count(0, 1)];
  const m = mcnemar(aOnly, bOnly);
  const { stderr } = meanStderr(b.map((x, i) => x - (a[i] ?? 0)));
  return {
    difference: observed,
    // A bootstrap over pairs that never disagree is [0, 0] at any n: a certainty no sample gives.
    ci95: newcombePaired({ both, aOnly, bOnly, neither: a.length - both - aOnly - bOnly }),
    stderr,
    p_value: m.p,
    p_upper_bound: false,
    test: m.method,
    mde_80: aOnly + bOnly === 0 ? null : Z_MDE * stderr,
    discordant: { a_only: aOnly, b_only: bOnly },
  };
}

/** Any other values: a seeded paired bootstrap gives the CI and the two-sided test. */
function bootstrapDifference(
  observed: number,
  n: number,
  statistic: (indices: number[]) => number,
  seed: number,
): PairedDifference {
  const reps = 2000;
  const boot = bootstrap(n, statistic, { seed, reps });
  // Share of resamples whose difference falls on the other side of zero; none of B resamples only bounds p below 1/B.
  let other = 0;
  for (const d of boot.values) if (observed >= 0 ? d <= 0 : d >= 0) other++;
  const upper = other === 0;
  // Floating-point sums leave ~1e-16 of spread where every item's difference is the same.
  const noSpread = boot.stderr <= 1e-12 * Math.max(1, Math.abs(observed));
  return {
    difference: observed,
    ci95: boot.ci95,
    stderr: boot.stderr,
    p_value: upper ? 1 / reps : Math.min(1, (2 * other) / reps),
    p_upper_bound: upper,
    test: "paired_bootstrap",
    mde_80: noSpread ? null : Z_MDE * boot.stderr,
    discordant: null,
  };
}
