import { describe, expect, it } from "vitest";
import { regressionChecks } from "../../src/decide/regression.js";
import type { RunComparison } from "../../src/standards/accuracy/compare-runs.js";

const metric = (difference: number, lo: number, hi: number) => ({
  n: 200,
  a: 0.8,
  b: 0.8 + difference,
  difference,
  ci95: [lo, hi] as [number, number],
  stderr: 0.01,
  p_value: 0.5,
  p_upper_bound: false,
  test: "mcnemar_exact" as const,
  mde_80: 0.05,
  discordant: { a_only: 5, b_only: 5 },
});

describe("compare --fail-on-regression: non-inferiority margins", () => {
  const cmp: RunComparison = {
    paired_items: 200,
    left_out: { only_in_a: 0, only_in_b: 0, failed_in_a: 0, failed_in_b: 0, failed_in_both: 0 },
    metrics: {
      exact: metric(-0.08, -0.12, -0.04), // wholly below −0.02: a regression
      numeric: metric(-0.01, -0.04, 0.02), // straddles −0.02: inconclusive
      choice: metric(0.01, -0.01, 0.03), // wholly above −0.02: non-inferior
      ter: metric(3.5, 2.5, 5), // TER is better lower: B − A in [2.5, 5] is worse by more than a margin of 2
    },
  };
  it("fails only an interval wholly past the margin, in each metric's own direction", () => {
    const checks = regressionChecks(cmp, { ter: 2 }, 0.02);
    expect(checks.map((c) => [c.metric, c.verdict, c.margin])).toEqual([
      ["exact", "regression", 0.02],
      ["numeric", "inconclusive", 0.02],
      ["choice", "non_inferior", 0.02],
      ["ter", "regression", 2],
    ]);
  });
  it("takes a profile's accuracy margin for metrics it does not name, and a wider one forgives more", () => {
    expect(regressionChecks(cmp, { accuracy: 0.15 }).find((c) => c.metric === "exact")?.verdict).toBe("non_inferior");
  });
  it("says when nothing was paired", () => {
    const none: RunComparison = {
      ...cmp,
      paired_items: 0,
      metrics: {
        exact: {
          n: 0,
          a: null,
          b: null,
          difference: null,
          ci95: null,
          stderr: null,
          p_value: null,
          p_upper_bound: null,
          test: null,
          mde_80: null,
          discordant: null,
        },
      },
    };
    expect(regressionChecks(none, {})[0]?.verdict).toBe("no_pairs");
  });
});
