import { describe, expect, it } from "vitest";
import { latencyRegressionChecks } from "../../src/decide/latency-regression.js";
import type { BenchCompareResult, PercentileComparison } from "../../src/standards/efficiency/compare-bench.js";

const pc = (a: number, ci95: [number, number]): PercentileComparison => ({
  metric: "ttft",
  stat: "p95",
  a,
  b: a + (ci95[0] + ci95[1]) / 2,
  n: { a: 100, b: 100 },
  sampled: { a: null, b: null },
  thin: false,
  difference: (ci95[0] + ci95[1]) / 2,
  ratio: null,
  ci95,
  verdict: "no_significant_difference",
});

function result(latency: PercentileComparison[]): BenchCompareResult {
  return {
    schema: "infermark.compare-bench/1",
    a: "a",
    b: "b",
    method: { ci: "", resamples: 2000, seed: 0, sample_cap: null },
    levels: [
      {
        load: { mode: "concurrency", value: 1 },
        levels: { a: 0, b: 0 },
        latency,
        throughput: {
          output_tokens_per_s: { a: 1, b: 1, ratio: 1 },
          requests_per_s: { a: 1, b: 1, ratio: 1 },
        },
        goodput: { applicable: false, reason: "no SLO in the runs" },
        verdict: { overall: "no_significant_difference", faster: [], slower: [] },
        notes: [],
      },
    ],
    unmatched: { only_in_a: [], only_in_b: [] },
  };
}

describe("latencyRegressionChecks", () => {
  it("judges B − A against margin × A: wholly above is a regression, wholly below non-inferior, across inconclusive", () => {
    // A = 200 ms and margin 0.05: B may be up to 10 ms slower.
    const checks = latencyRegressionChecks(result([pc(200, [12, 30]), pc(200, [-5, 9]), pc(200, [4, 16])]), 0.05);
    expect(checks.map((c) => [c.margin_ms, c.verdict])).toEqual([
      [10, "regression"],
      [10, "non_inferior"],
      [10, "inconclusive"],
    ]);
  });

  it("a profile's own ms margin for the percentile replaces margin × A, and says so", () => {
    // 0.05 × 200 = 10 ms would make [12, 30] a regression; the profile's 50 ms for ttft.p95 makes it non-inferior.
    const [own] = latencyRegressionChecks(result([pc(200, [12, 30])]), 0.05, { "ttft.p95": 50 });
    expect([own?.margin_ms, own?.margin_from_profile, own?.verdict]).toEqual([50, true, "non_inferior"]);
    // A margin named for another percentile leaves this one on the relative margin.
    const [rel] = latencyRegressionChecks(result([pc(200, [12, 30])]), 0.05, { "tpot.p95": 50 });
    expect([rel?.margin_ms, rel?.margin_from_profile, rel?.verdict]).toEqual([10, false, "regression"]);
  });

  it("a percentile without a CI is not compared, never passed", () => {
    const none: PercentileComparison = {
      ...pc(200, [0, 0]),
      difference: null,
      ratio: null,
      ci95: null,
      verdict: null,
      reason: "fewer than 2 successful requests define ttft in B",
    };
    expect(latencyRegressionChecks(result([none]), 0.05)[0]!.verdict).toBe("not_compared");
  });
});
