import { describe, expect, it } from "vitest";
import { distribution, percentileSorted } from "../../src/stats/distribution.js";

describe("distribution", () => {
  it("matches numpy's default (linear) percentiles", () => {
    // numpy.percentile([1,2,3,4,5,6,7,8,9,10], [50,90,95,99]) = [5.5, 9.1, 9.55, 9.91]
    const d = distribution([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(d.n).toBe(10);
    expect(d.mean).toBe(5.5);
    expect(d.min).toBe(1);
    expect(d.max).toBe(10);
    expect(d.p50).toBeCloseTo(5.5, 12);
    expect(d.p90).toBeCloseTo(9.1, 12);
    expect(d.p95).toBeCloseTo(9.55, 12);
    expect(d.p99).toBeCloseTo(9.91, 12);
  });

  it("gives the value itself for one sample and nulls for none", () => {
    expect(distribution([3])).toEqual({ n: 1, mean: 3, min: 3, max: 3, p50: 3, p90: 3, p95: 3, p99: 3 });
    expect(distribution([])).toEqual({
      n: 0,
      mean: null,
      min: null,
      max: null,
      p50: null,
      p90: null,
      p95: null,
      p99: null,
    });
  });

  it("interpolates between the two middle values", () => {
    expect(percentileSorted([0, 100], 0.25)).toBe(25);
  });
});
