import { describe, expect, it } from "vitest";
import type { ScoredSample } from "../../../src/standards/accuracy/aggregate.js";
import { compareRuns, type RunSamples } from "../../../src/standards/accuracy/compare-runs.js";
import { pairedDifference } from "../../../src/stats/paired.js";
import { regressionChecks } from "../../../src/decide/regression.js";

/** A sample whose `exact` score is 1 when `output` equals the target "x". */
function sample(item: string, output: string): ScoredSample {
  return {
    item,
    sample: 0,
    input: {
      output,
      extraction: { answer: output, stage: "flexible", raw: output, strictAnswer: null },
      targets: ["x"],
      choices: [],
    },
  };
}
const run = (outputs: Record<string, string>, failed: string[] = []): RunSamples => ({
  // A failed request scores as no answer (empty output), as scoreTask makes it.
  samples: Object.entries(outputs).map(([id, out]) => sample(id, failed.includes(id) ? "" : out)),
  failed: new Set(failed.map((id) => `${id}\u00000`)),
});
const ITEMS = ["a", "b", "c", "d", "e"];

describe("compare pairs only items both runs answered (issue 10.5)", () => {
  it("a run B whose requests all failed pairs nothing: 0 paired, 5 left out as failed in B, no CI, MDE undefined", () => {
    const A = run(Object.fromEntries(ITEMS.map((id, i) => [id, i < 3 ? "x" : "y"])));
    const B = run(Object.fromEntries(ITEMS.map((id) => [id, ""])), ITEMS);
    const c = compareRuns(A, B, ["exact"]);
    expect(c.paired_items).toBe(0);
    expect(c.left_out).toEqual({ only_in_a: 0, only_in_b: 0, failed_in_b: 5, failed_in_a: 0, failed_in_both: 0 });
    expect(c.metrics.exact).toMatchObject({
      n: 0,
      a: null,
      b: null,
      difference: null,
      ci95: null,
      mde_80: null,
      p_value: null,
    });
  });

  it("counts each left-out item under its reason and compares the rest from completed samples", () => {
    const A = run({ a: "x", b: "x", c: "y", d: "x", e: "x" }, ["d", "e"]);
    const B = run({ a: "x", b: "y", c: "x", d: "x", e: "y", f: "x" }, ["e"]);
    const c = compareRuns(A, B, ["exact"]);
    // a, b, c paired; d failed in A only; e failed in both; f only in B.
    expect(c.paired_items).toBe(3);
    expect(c.left_out).toEqual({ only_in_a: 0, only_in_b: 1, failed_in_b: 0, failed_in_a: 1, failed_in_both: 1 });
    expect(c.metrics.exact).toMatchObject({ n: 3, a: 2 / 3, b: 2 / 3, discordant: { a_only: 1, b_only: 1 } });
  });

  it("with no discordant pair the MDE is undefined, not 0", () => {
    const same = run({ a: "x", b: "y", c: "x" });
    const c = compareRuns(same, run({ a: "x", b: "y", c: "x" }), ["exact"]);
    expect(c.metrics.exact).toMatchObject({
      n: 3,
      difference: 0,
      discordant: { a_only: 0, b_only: 0 },
      mde_80: null,
      p_value: 1,
    });
  });
});

describe("full agreement on few items is not evidence", () => {
  it("10 items answered alike by both runs: the CI of B − A is Newcombe's, not [0, 0], and a 5-point margin is inconclusive", () => {
    const outputs = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`i${i}`, i < 7 ? "x" : "y"]));
    const c = compareRuns(run(outputs), run(outputs), ["exact"]);
    const m = c.metrics.exact;
    expect(m?.difference).toBe(0);
    // Newcombe (1998) method 10 for (7, 0, 0, 3): Wilson limits of 7/10 are 0.39678 and 0.89221, and
    // φ = (7·3 − 10/2) / √(7·3·7·3) = 16/21, so each side is √(x² − 2φxy + y²) with x = 0.30322, y = 0.19221.
    expect(m?.ci95?.[0]).toBeCloseTo(-0.20019, 4);
    expect(m?.ci95?.[1]).toBeCloseTo(0.20019, 4);
    expect(regressionChecks(c, { exact: 0.05 })[0]?.verdict).toBe("inconclusive");
  });
});

describe("paired bootstrap p-value", () => {
  it("is never exactly 0: with no resample across zero it is reported as p < 1/B", () => {
    // B beats A by 1 on every one of 30 items, with some spread: every resampled difference is positive.
    const a = Array.from({ length: 30 }, (_, i) => i / 30);
    const b = a.map((x, i) => x + 1 + (i % 3) / 10);
    const mean = (xs: number[], idx: number[]): number => idx.reduce((s, i) => s + xs[i]!, 0) / idx.length;
    const d = pairedDifference(30, (idx) => mean(b, idx) - mean(a, idx), null, 0);
    expect(d.test).toBe("paired_bootstrap");
    expect(d.p_value).toBeGreaterThan(0);
    expect(d.p_value).toBe(1 / 2000);
    expect(d.p_upper_bound).toBe(true);
    expect(d.mde_80).toBeGreaterThan(0);
  });

  it("an identical difference on every item has no spread: MDE undefined", () => {
    const a = [0.1, 0.5, 0.9, 0.3];
    const b = a.map((x) => x + 0.25);
    const mean = (xs: number[], idx: number[]): number => idx.reduce((s, i) => s + xs[i]!, 0) / idx.length;
    expect(pairedDifference(4, (idx) => mean(b, idx) - mean(a, idx), null, 0).mde_80).toBeNull();
  });
});
