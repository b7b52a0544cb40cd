import { describe, expect, it } from "vitest";
import { distribution } from "../../src/stats/distribution.js";
import { createRng } from "../../src/stats/rng.js";
import { RowSample } from "../../src/stats/row-sample.js";
import { StreamingDistribution } from "../../src/stats/streaming-distribution.js";
import { ValueList } from "../../src/stats/value-list.js";

describe("StreamingDistribution", () => {
  const rng = createRng(3);
  const values = Array.from({ length: 5000 }, () => 1 + 100 * rng() ** 3);

  it("below its cap is exactly the distribution of the same values, with no approx flag", () => {
    const d = new StreamingDistribution(5000);
    for (const v of values) d.add(v);
    expect(d.finish()).toEqual(distribution(values));
    expect(d.finish()).not.toHaveProperty("approx");
  });

  it("past its cap says so, keeps n, min and max exact and percentiles within the error", () => {
    const d = new StreamingDistribution(1000, 0.01);
    for (const v of values) d.add(v);
    const got = d.finish();
    const exact = distribution(values);
    expect(got.approx).toEqual({ relative_error: 0.01 });
    expect([got.n, got.min, got.max]).toEqual([exact.n, exact.min, exact.max]);
    expect(got.mean ?? Number.NaN).toBeCloseTo(exact.mean ?? Number.NaN, 9);
    for (const k of ["p50", "p90", "p95", "p99"] as const) {
      const e = exact[k] ?? Number.NaN;
      expect(Math.abs((got[k] ?? Number.NaN) - e)).toBeLessThanOrEqual(0.01 * e);
    }
  });

  it("past its cap by default keeps percentiles within 0.1 % of the exact ones", () => {
    const d = new StreamingDistribution(1000);
    for (const v of values) d.add(v);
    const got = d.finish();
    const exact = distribution(values);
    expect(got.approx).toEqual({ relative_error: 0.001 });
    for (const k of ["p50", "p90", "p95", "p99"] as const) {
      const e = exact[k] ?? Number.NaN;
      expect(Math.abs((got[k] ?? Number.NaN) - e)).toBeLessThanOrEqual(0.001 * e);
    }
  });

  it("is empty as distribution() is empty", () => {
    expect(new StreamingDistribution(10).finish()).toEqual(distribution([]));
  });
});

describe("ValueList", () => {
  it("holds values across blocks in insertion order", () => {
    const l = new ValueList();
    for (let i = 0; i < 40_000; i++) l.push(i * 0.5);
    expect(l.length).toBe(40_000);
    const a = l.toFloat64Array();
    expect([a[0], a[16_383], a[16_384], a[39_999]]).toEqual([0, 8191.5, 8192, 19_999.5]);
    expect(l.at(20_000)).toBe(10_000);
  });
});

describe("RowSample", () => {
  it("keeps every row below its cap, in order", () => {
    const s = new RowSample(2, 10);
    for (let i = 0; i < 10; i++) s.add([i, 10 * i]);
    expect(s.sampled).toBe(false);
    expect(s.columns().map((c) => [...c])).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      [0, 10, 20, 30, 40, 50, 60, 70, 80, 90],
    ]);
  });

  it("past its cap keeps `cap` whole rows, spread over the input, the same ones every time", () => {
    const take = (): Float64Array[] => {
      const s = new RowSample(2, 100);
      for (let i = 0; i < 10_000; i++) s.add([i, 10 * i]);
      expect(s.sampled).toBe(true);
      return s.columns();
    };
    const [a, b] = take();
    expect(a?.length).toBe(100);
    for (let j = 0; j < 100; j++) expect(b?.[j]).toBe(10 * (a?.[j] ?? Number.NaN)); // rows stay whole
    const late = [...(a ?? [])].filter((i) => i >= 5000).length;
    expect(late).toBeGreaterThan(30); // a uniform sample of 100 from 0..9999 has ~50 in the upper half
    expect(late).toBeLessThan(70);
    expect(take()).toEqual([a, b]);
  });
});
