import { describe, expect, it } from "vitest";
import type { LoadSpec } from "../../../src/records/record.js";
import {
  compareBenchRuns,
  type BenchRunSample,
  type LevelSample,
  type PercentileComparison,
} from "../../../src/standards/efficiency/compare-bench.js";
import { bootstrapQuantiles, differenceInterval } from "../../../src/stats/bootstrap-quantiles.js";
import { createRng } from "../../../src/stats/rng.js";

const conc = (value: number): LoadSpec => ({ mode: "concurrency", value });

/** n values spread uniformly over [lo, lo + width), seeded, in no particular order. */
function spread(n: number, lo: number, width: number, seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => lo + width * rng());
}

function level(
  index: number,
  load: LoadSpec,
  values: { ttft: number[]; tpot?: number[]; e2e?: number[] },
  extra: Partial<LevelSample> = {},
): LevelSample {
  const m = (v: number[]): LevelSample["latency"]["ttft"] => ({ values: v, n: v.length });
  return {
    level: index,
    load,
    latency: { ttft: m(values.ttft), tpot: m(values.tpot ?? values.ttft), e2e: m(values.e2e ?? values.ttft) },
    throughput: { output_tokens_per_s: 100, requests_per_s: 10 },
    goodput: null,
    cut: false,
    ...extra,
  };
}

const run = (dir: string, levels: LevelSample[], slo: Record<string, number> | null = null): BenchRunSample => ({
  dir,
  slo,
  levels,
});

function judged(c: PercentileComparison): Extract<PercentileComparison, { difference: number }> {
  if (c.difference === null) throw new Error(`${c.metric} ${c.stat} was not compared: ${c.reason}`);
  return c;
}

describe("compareBenchRuns", () => {
  const A = spread(200, 100, 40, 1);

  it("identical runs: every difference is 0, every CI holds 0, no significant difference", () => {
    const r = compareBenchRuns(run("a", [level(0, conc(1), { ttft: A })]), run("b", [level(0, conc(1), { ttft: A })]));
    expect(r.levels).toHaveLength(1);
    const l = r.levels[0]!;
    expect(l.latency).toHaveLength(9); // 3 metrics × p50, p95, p99
    for (const c of l.latency.map(judged)) {
      expect(c.difference).toBe(0);
      expect(c.ci95[0]).toBeLessThanOrEqual(0);
      expect(c.ci95[1]).toBeGreaterThanOrEqual(0);
      expect(c.verdict).toBe("no_significant_difference");
    }
    expect(l.verdict).toEqual({ overall: "no_significant_difference", faster: [], slower: [] });
    expect(r.method.resamples).toBe(2000);
  });

  it("B = A − 50 ms: Δ is −50 at every percentile (a shift moves every percentile by it), CIs below 0, B faster", () => {
    const B = A.map((x) => x - 50);
    const r = compareBenchRuns(run("a", [level(0, conc(1), { ttft: A })]), run("b", [level(0, conc(1), { ttft: B })]));
    const l = r.levels[0]!;
    for (const c of l.latency.map(judged)) {
      expect(c.difference).toBeCloseTo(-50, 9);
      expect(c.ci95[1]).toBeLessThan(0);
      expect(c.verdict).toBe("faster");
      expect(c.n).toEqual({ a: 200, b: 200 });
    }
    // The median of 200 values spread over 40 ms moves by a few ms between resamples: −50 lies well inside its CI.
    const p50 = judged(l.latency.find((c) => c.metric === "ttft" && c.stat === "p50")!);
    expect(p50.ci95[0]).toBeLessThan(-50);
    expect(p50.ci95[1]).toBeGreaterThan(-50);
    expect(p50.ci95[1] - p50.ci95[0]).toBeLessThan(20);
    expect(l.verdict.overall).toBe("faster");
    expect(l.verdict.faster).toHaveLength(9);
  });

  it("B = A + 50 ms is slower; one metric faster and one slower is mixed", () => {
    const up = A.map((x) => x + 50);
    const down = A.map((x) => x - 50);
    const slower = compareBenchRuns(
      run("a", [level(0, conc(1), { ttft: A })]),
      run("b", [level(0, conc(1), { ttft: up })]),
    );
    expect(slower.levels[0]!.verdict.overall).toBe("slower");
    const mixed = compareBenchRuns(
      run("a", [level(0, conc(1), { ttft: A })]),
      run("b", [level(0, conc(1), { ttft: down, tpot: A, e2e: up })]),
    ).levels[0]!;
    expect(mixed.verdict.overall).toBe("mixed");
    expect(mixed.verdict.faster).toEqual(["ttft p50", "ttft p95", "ttft p99"]);
    expect(mixed.verdict.slower).toEqual(["e2e p50", "e2e p95", "e2e p99"]);
  });

  it("matches levels by load, not by index, and lists the levels only one run has", () => {
    const r = compareBenchRuns(
      run("a", [level(0, conc(1), { ttft: A }), level(1, conc(4), { ttft: A })]),
      run("b", [level(0, conc(4), { ttft: A }), level(1, conc(8), { ttft: A })]),
    );
    expect(r.levels.map((l) => [l.load, l.levels])).toEqual([[conc(4), { a: 1, b: 0 }]]);
    expect(r.unmatched).toEqual({ only_in_a: [{ level: 0, load: conc(1) }], only_in_b: [{ level: 1, load: conc(8) }] });
  });

  it("a side with fewer than 2 requests is not compared, and says why", () => {
    const r = compareBenchRuns(
      run("a", [level(0, conc(1), { ttft: A })]),
      run("b", [level(0, conc(1), { ttft: [120] })]),
    );
    const l = r.levels[0]!;
    for (const c of l.latency) {
      expect(c.verdict).toBeNull();
      expect(c.ci95).toBeNull();
      if (c.difference === null) expect(c.reason).toMatch(/fewer than 2 successful requests .* in B/);
    }
    expect(l.latency[0]!.b).toBe(120);
    expect(l.verdict.overall).toBe("not_comparable");
  });

  it("marks percentiles too few requests support (n·(1 − q) < 1) and says when the bootstrap used a sample", () => {
    const twenty = A.slice(0, 20);
    const l = compareBenchRuns(
      run("a", [level(0, conc(1), { ttft: twenty })]),
      run("b", [level(0, conc(1), { ttft: twenty })]),
    ).levels[0]!;
    // 20 · 0.5 and 20 · 0.05 reach 1; 20 · 0.01 does not.
    expect(l.latency.filter((c) => c.thin).map((c) => c.stat)).toEqual(["p99", "p99", "p99"]);
    const sampled = compareBenchRuns(
      run("a", [level(0, conc(1), { ttft: A })]),
      run("b", [
        {
          ...level(0, conc(1), { ttft: A }),
          latency: {
            ttft: { values: A, n: 5000 },
            tpot: { values: A, n: 200 },
            e2e: { values: A, n: 200 },
          },
        },
      ]),
    ).levels[0]!;
    expect(sampled.latency[0]!.sampled).toEqual({ a: null, b: 200 });
    expect(sampled.notes.some((n) => /uniform sample of 200 requests/.test(n))).toBe(true);
  });

  it("shows goodput side by side only under the same SLO", () => {
    const g = (requests_per_s: number, fraction: number): Partial<LevelSample> => ({
      goodput: { requests_per_s, fraction },
    });
    const same = compareBenchRuns(
      run("a", [level(0, conc(1), { ttft: A }, g(8, 0.8))], { "ttft.p95": 500 }),
      run("b", [level(0, conc(1), { ttft: A }, g(6, 0.5))], { "ttft.p95": 500 }),
    ).levels[0]!;
    expect(same.goodput).toEqual({
      applicable: true,
      requests_per_s: { a: 8, b: 6, ratio: 0.75 },
      fraction: { a: 0.8, b: 0.5, ratio: 0.625 },
    });
    const differ = compareBenchRuns(
      run("a", [level(0, conc(1), { ttft: A }, g(8, 0.8))], { "ttft.p95": 500 }),
      run("b", [level(0, conc(1), { ttft: A }, g(6, 0.5))], { "ttft.p95": 300 }),
    ).levels[0]!;
    expect(differ.goodput).toEqual({ applicable: false, reason: "the runs' SLOs differ" });
    expect(same.throughput.requests_per_s).toEqual({ a: 10, b: 10, ratio: 1 });
  });

  it("is reproducible: the same samples and seed give the same result", () => {
    const mk = (): [BenchRunSample, BenchRunSample] => [
      run("a", [level(0, conc(1), { ttft: A })]),
      run("b", [level(0, conc(1), { ttft: spread(150, 95, 40, 2) })]),
    ];
    expect(compareBenchRuns(...mk(), { seed: 7 })).toEqual(compareBenchRuns(...mk(), { seed: 7 }));
  });
});

describe("bootstrapQuantiles", () => {
  it("resamples with replacement: the median of a resample of [1, 2] is 1, 1.5 or 2 a quarter, half, quarter of the time", () => {
    const reps = 8000;
    const [medians] = bootstrapQuantiles(Float64Array.from([1, 2]), [0.5], reps, createRng(3));
    const share = (v: number): number => medians!.filter((m) => m === v).length / reps;
    expect(share(1)).toBeGreaterThan(0.22);
    expect(share(1)).toBeLessThan(0.28);
    expect(share(1.5)).toBeGreaterThan(0.47);
    expect(share(1.5)).toBeLessThan(0.53);
    expect(share(2)).toBeGreaterThan(0.22);
    expect(share(2)).toBeLessThan(0.28);
  });

  it("gives each resampled percentile the distribution of drawing all n values with replacement and sorting them", () => {
    // Brute force from the definition of the bootstrap: n indices uniformly, sort, type-7 percentile.
    const n = 30;
    const sorted = Float64Array.from({ length: n }, (_, i) => i + 1);
    const reps = 20_000;
    const rng = createRng(11);
    const brute = (q: number): number[] =>
      Array.from({ length: reps }, () => {
        const r = Array.from({ length: n }, () => sorted[Math.floor(rng() * n)]!).sort((x, y) => x - y);
        const h = (n - 1) * q;
        const lo = Math.floor(h);
        return r[lo]! + (h - lo) * (r[Math.min(lo + 1, n - 1)]! - r[lo]!);
      });
    const qs = [0.5, 0.9, 0.95];
    const fast = bootstrapQuantiles(sorted, qs, reps, createRng(12));
    const mean = (xs: ArrayLike<number>): number => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;
    const share = (xs: ArrayLike<number>, t: number): number => Array.from(xs).filter((x) => x <= t).length / xs.length;
    qs.forEach((q, i) => {
      const b = brute(q);
      const f = fast[i]!;
      // The resampled median of 1..30 spreads over ~±3: the means of 20,000 draws agree to a few hundredths.
      expect(Math.abs(mean(f) - mean(b))).toBeLessThan(0.1);
      for (const t of [10, 15, 20, 25, 28]) expect(Math.abs(share(f, t) - share(b, t))).toBeLessThan(0.02);
    });
  });

  it("differenceInterval takes the 2.5th and 97.5th percentiles of b − a", () => {
    // Differences 0, 1, …, 40: type-7 percentiles at h = 40 · 0.025 = 1 and 40 · 0.975 = 39.
    const a = new Float64Array(41);
    const b = Float64Array.from({ length: 41 }, (_, i) => 40 - i);
    expect(differenceInterval(a, b)).toEqual([1, 39]);
  });
});
