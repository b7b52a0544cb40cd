import { describe, expect, it } from "vitest";
import { distribution, distributionOfSortedRuns } from "../../src/stats/distribution.js";
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

describe("distributionOfSortedRuns", () => {
  // The definition: distribution() of all the values together (one sorted copy). The walk must give
  // the same numbers to the bit, sum included (it adds in ascending order, as the sorted copy does).
  const bits = (d: object): string => JSON.stringify(d, (_, v: unknown) => (Object.is(v, -0) ? "-0" : v));

  it("equals distribution() of the union on 300 random cases: 0–9 runs, ties, zeros, negatives, empty runs", () => {
    const rng = createRng(11);
    for (let c = 0; c < 300; c++) {
      const runs = Array.from({ length: Math.floor(rng() * 10) }, () => {
        const len = rng() < 0.15 ? 0 : 1 + Math.floor(rng() ** 2 * 400);
        const kind = rng();
        // Latencies, coarse values with many ties, and signed values around zero.
        const draw = (): number =>
          kind < 0.4 ? 0.1 + 50 * rng() ** 3 : kind < 0.7 ? Math.floor(rng() * 5) : rng() - 0.5;
        return Float64Array.from({ length: len }, draw).sort();
      });
      const all = runs.flatMap((r) => [...r]);
      expect(bits(distributionOfSortedRuns(runs))).toBe(bits(distribution(all)));
    }
  });

  it("StreamingDistribution below its cap, over several 16,384-value blocks, is distribution() of its values, finished twice", () => {
    const rng = createRng(5);
    const values = Array.from({ length: 50_000 }, () => 0.5 + 200 * rng() ** 4);
    const d = new StreamingDistribution(1_000_000);
    for (const v of values) d.add(v);
    expect(bits(d.finish())).toBe(bits(distribution(values)));
    // Finishing sorts the blocks where they are; a second finish reads the same.
    expect(bits(d.finish())).toBe(bits(distribution(values)));
  });

  it("ValueList.sortedRuns sorts each block in place and keeps every value", () => {
    const list = new ValueList();
    for (let i = 40_000; i > 0; i--) list.push(i);
    const runs = list.sortedRuns();
    expect(runs.map((r) => r.length)).toEqual([16_384, 16_384, 7_232]);
    for (const r of runs) for (let i = 1; i < r.length; i++) expect(r[i]).toBeGreaterThan(r[i - 1] ?? Infinity);
    expect(runs.reduce((a, r) => a + r.reduce((x, y) => x + y, 0), 0)).toBe((40_000 * 40_001) / 2);
  });
});
