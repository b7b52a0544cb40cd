import { describe, expect, it } from "vitest";
import { createRng, normal } from "../../src/stats/rng.js";
import { LogHistogram } from "../../src/stats/log-histogram.js";

/** Type-7 percentile of values sorted here, from the definition (h = (n−1)q, interpolate). */
function exactPercentile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const a = s[lo] ?? Number.NaN;
  const b = s[Math.min(lo + 1, s.length - 1)] ?? Number.NaN;
  return a + (h - lo) * (b - a);
}

function histogramOf(values: readonly number[], alpha: number): LogHistogram {
  const h = new LogHistogram(alpha);
  for (const v of values) h.add(v);
  return h;
}

const QS = [0, 0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999, 1];

function expectWithin(values: readonly number[], alpha: number): void {
  const h = histogramOf(values, alpha);
  for (const q of QS) {
    const exact = exactPercentile(values, q);
    const got = h.quantile(q);
    expect(Math.abs(got - exact), `q=${q}: ${got} vs exact ${exact}`).toBeLessThanOrEqual(alpha * Math.abs(exact));
  }
}

describe("LogHistogram percentiles stay within the stated relative error of the exact ones", () => {
  const rng = createRng(7);

  it("log-normal latencies (median ~20 ms, heavy right tail)", () => {
    const values = Array.from({ length: 50_000 }, () => Math.exp(3 + 0.8 * normal(rng)));
    expectWithin(values, 0.01);
    expectWithin(values, 0.05);
  });

  it("bimodal gaps (fast decode steps and slow scheduling stalls)", () => {
    const values = Array.from({ length: 40_000 }, (_, i) => (i % 10 === 0 ? 250 + 30 * rng() : 4 + rng()));
    expectWithin(values, 0.01);
  });

  it("a constant gives the constant back, exactly (min and max are kept exactly)", () => {
    const h = histogramOf(
      Array.from({ length: 1000 }, () => 12.345),
      0.01,
    );
    for (const q of QS) expect(h.quantile(q)).toBe(12.345);
  });

  it("zeros and negative values sit in their own buckets", () => {
    const values = [
      ...Array.from({ length: 300 }, () => 0),
      ...Array.from({ length: 700 }, (_, i) => -1 - i / 10),
      ...Array.from({ length: 1000 }, (_, i) => 1 + i),
    ];
    expectWithin(values, 0.01);
    expect(histogramOf(values, 0.01).quantile(0.25)).toBeLessThan(0); // rank 499.75 of 2000 lies among the 700 negatives
  });

  it("keeps count, sum, min and max exactly", () => {
    const h = histogramOf([3, 1, 2, 10], 0.01);
    expect([h.n, h.sum, h.min, h.max]).toEqual([4, 16, 1, 10]);
  });
});
