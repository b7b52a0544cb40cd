import { describe, expect, it } from "vitest";
import { fitLogistic } from "../../src/stats/logistic.js";

describe("logistic regression by IRLS", () => {
  it("fits a saturated two-group design exactly: logit of each group's success share", () => {
    // x = 0: 3 of 4 succeed, x = 1: 1 of 4. Then a = logit(3/4) = ln 3, a + b = logit(1/4) = −ln 3, so b = −2 ln 3.
    const fit = fitLogistic([1, 1, 1, 0, 1, 0, 0, 0], [0, 0, 0, 0, 1, 1, 1, 1]);
    expect(fit.ok).toBe(true);
    if (!fit.ok) return;
    expect(fit.intercept).toBeCloseTo(Math.log(3), 8);
    expect(fit.slope).toBeCloseTo(-2 * Math.log(3), 8);
  });
  it("takes fractional outcomes (a tie is ½): all halves give intercept 0, slope 0", () => {
    const fit = fitLogistic([0.5, 0.5, 0.5, 0.5], [-1, 0, 1, 2]);
    expect(fit).toMatchObject({ ok: true });
    if (fit.ok) {
      expect(fit.intercept).toBeCloseTo(0, 10);
      expect(fit.slope).toBeCloseTo(0, 10);
    }
  });
  it("says so when the covariate separates the outcomes", () => {
    expect(fitLogistic([0, 0, 1, 1], [1, 2, 3, 4])).toMatchObject({ ok: false });
  });
});
