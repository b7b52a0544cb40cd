import { fitLogistic, sigmoid } from "../../../stats/logistic.js";

/**
 * Length-controlled win rate, after AlpacaEval's idea: judges prefer longer answers, so regress the
 * preference on the standardised length difference and report the win rate the model would have
 * at zero difference. Here the model is a logistic regression with an intercept and one slope,
 * p_i = σ(a + b·z_i), z_i = (len_model − len_baseline − mean) / sd (population sd), fitted by
 * IRLS (src/stats/logistic.ts) on the Bernoulli log-likelihood with outcomes in [0, 1] (a tie is 0.5, as in the
 * raw win rate). The length-controlled win rate is σ(a + b·z₀), z₀ the standardised value of a zero
 * difference. AlpacaEval's published GLM also has instruction-difficulty terms; this is the length
 * term alone, which is what a single pairwise run can estimate.
 */
export interface LengthControlled {
  value: number;
  /** Fitted intercept and slope (per sd of length difference). */
  intercept: number;
  slope: number;
  n: number;
}

/** Null with fewer than 2 outcomes, or when the fit does not converge (a preference that length alone separates perfectly). */
export function lengthControlledWinRate(
  outcomes: readonly number[],
  lengthDiff: readonly number[],
): LengthControlled | { value: null; reason: string; n: number } {
  const n = outcomes.length;
  if (n !== lengthDiff.length) throw new Error("lengthControlledWinRate: one length difference per outcome");
  if (n < 2) return { value: null, reason: "fewer than 2 judged pairs", n };
  const mean = lengthDiff.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(lengthDiff.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
  if (sd === 0) {
    // Every pair differs in length by the same amount: there is nothing to regress on, and the raw win rate is the answer.
    return { value: outcomes.reduce((s, y) => s + y, 0) / n, intercept: NaN, slope: 0, n };
  }
  const z = lengthDiff.map((x) => (x - mean) / sd);
  const fit = fitLogistic(outcomes, z);
  if (!fit.ok) return { value: null, reason: "the fit does not converge: length alone separates the preferences", n };
  return {
    value: sigmoid(fit.intercept + fit.slope * ((0 - mean) / sd)),
    intercept: fit.intercept,
    slope: fit.slope,
    n,
  };
}
