import { describe, expect, it } from "vitest";
import { quantileInterval } from "../../src/stats/quantile-interval.js";

const oneTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe("quantileInterval (order-statistic CI)", () => {
  it("gives the textbook ranks for a median of 20: x(6) and x(15)", () => {
    // Binomial(20, 0.5): F(5) = 0.0207 ≤ 0.025 < F(6) = 0.0577, and F(13) = 0.9423 < 0.975 ≤ F(14) = 0.9793.
    const ci = quantileInterval(oneTo(20), 0.5);
    expect(ci.ranks).toEqual([6, 15]);
    expect([ci.lo, ci.hi]).toEqual([6, 15]);
  });
  it("matches the normal approximation for a p90 of 1000 values", () => {
    // nq ± 1.96·√(nq(1−q)) = 900 ± 18.6 → ranks about 881 and 920.
    const { ranks } = quantileInterval(oneTo(1000), 0.9);
    expect(Math.abs((ranks[0] ?? 0) - 881.4)).toBeLessThanOrEqual(2);
    expect(Math.abs((ranks[1] ?? 0) - 919.6)).toBeLessThanOrEqual(2);
  });
  it("has no upper bound for a p99 of 50 values: P(B ≤ 49) = 1 − 0.99^50 = 0.395 < 0.975", () => {
    const ci = quantileInterval(oneTo(50), 0.99);
    expect(ci.hi).toBeNull();
    expect(ci.lo).not.toBeNull();
  });
  it("is empty for no values", () => {
    expect(quantileInterval([], 0.5)).toEqual({ lo: null, hi: null, ranks: [null, null] });
  });
});
