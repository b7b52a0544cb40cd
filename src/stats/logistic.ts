/**
 * Logistic regression with an intercept and one covariate, p_i = σ(a + b·x_i), fitted by
 * iteratively reweighted least squares (Newton's method on the Bernoulli log-likelihood). Outcomes
 * may be fractional in [0, 1] (a tie counts ½), which IRLS handles as a quasi-binomial fit.
 */
export type LogisticFit =
  { ok: true; intercept: number; slope: number; iterations: number } | { ok: false; reason: string };

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

const SEPARATED = "the fit does not converge: the covariate alone separates the outcomes";

export function fitLogistic(y: readonly number[], x: readonly number[], maxIter = 100): LogisticFit {
  if (y.length !== x.length) throw new Error("fitLogistic: one covariate value per outcome");
  let a = 0;
  let b = 0;
  for (let iter = 1; iter <= maxIter; iter++) {
    // Gradient and Hessian (negated) of the log-likelihood: one weighted least-squares step per iteration.
    let ga = 0,
      gb = 0,
      haa = 0,
      hab = 0,
      hbb = 0;
    for (let i = 0; i < y.length; i++) {
      const xi = x[i] ?? 0;
      const p = sigmoid(a + b * xi);
      const r = (y[i] ?? 0) - p;
      const w = p * (1 - p);
      ga += r;
      gb += r * xi;
      haa += w;
      hab += w * xi;
      hbb += w * xi * xi;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 1e-12)) return { ok: false, reason: SEPARATED };
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a += da;
    b += db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) return { ok: true, intercept: a, slope: b, iterations: iter };
    // Separated data drive the coefficients to infinity rather than failing the determinant test at once.
    if (!Number.isFinite(a) || Math.abs(b) > 50) break;
  }
  return { ok: false, reason: SEPARATED };
}
