/**
 * Length-controlled win rate, after AlpacaEval's idea: judges prefer longer answers, so regress the
 * preference on the standardised length difference and report the win rate the model would have
 * at zero difference. Here the model is a logistic regression with an intercept and one slope,
 * p_i = σ(a + b·z_i), z_i = (len_model − len_baseline − mean) / sd (population sd), fitted by
 * Newton's method on the Bernoulli log-likelihood with outcomes in [0, 1] (a tie is 0.5, as in the
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

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

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
  let a = 0;
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0,
      gb = 0,
      haa = 0,
      hab = 0,
      hbb = 0;
    for (let i = 0; i < n; i++) {
      const zi = z[i] ?? 0;
      const p = sigmoid(a + b * zi);
      const r = (outcomes[i] ?? 0) - p;
      const w = p * (1 - p);
      ga += r;
      gb += r * zi;
      haa += w;
      hab += w * zi;
      hbb += w * zi * zi;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 1e-12))
      return { value: null, reason: "the fit does not converge: length alone separates the preferences", n };
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a += da;
    b += db;
    if (Math.abs(da) + Math.abs(db) < 1e-10)
      return { value: sigmoid(a + b * ((0 - mean) / sd)), intercept: a, slope: b, n };
    if (!Number.isFinite(a) || Math.abs(b) > 50) break;
  }
  return { value: null, reason: "the fit does not converge: length alone separates the preferences", n };
}
