import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/errors.js";
import type { ScoredSample } from "../../../src/standards/accuracy/aggregate.js";
import { COMPARE_SCHEMA, compareEvalRuns, type ComparedRun } from "../../../src/standards/accuracy/compare-eval.js";

/** A sample whose `exact` score is 1 when `output` is the target "x". */
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
/** A run of task `name` answering each item with "x" (right) or "y" (wrong). */
function run(dir: string, name: string, metrics: string[], right: string[], items: string[]): ComparedRun {
  return {
    dir,
    task: { name, metrics },
    samples: items.map((id) => sample(id, right.includes(id) ? "x" : "y")),
    failed: new Set(),
  };
}
const ITEMS = ["a", "b", "c", "d", "e", "f"];

describe("compareEvalRuns (the library call behind `infermark compare`)", () => {
  // A is right on a only; B on a, b, c, d, e. Per-item differences B − A: 0, 1, 1, 1, 1, 0.
  const A = run("runs/a", "t", ["exact", "f1"], ["a"], ITEMS);
  const B = run("runs/b", "t", ["exact"], ["a", "b", "c", "d", "e"], ITEMS);
  const c = compareEvalRuns(A, B, 0);

  it("names the runs and the task under the compare schema, and compares only the metrics both tasks score", () => {
    expect(c).toMatchObject({ schema: "infermark.compare/1", task: "t", a: "runs/a", b: "runs/b", paired_items: 6 });
    expect(COMPARE_SCHEMA).toBe("infermark.compare/1");
    expect(Object.keys(c.metrics)).toEqual(["exact"]);
  });

  it("reports accuracies, the difference, McNemar's exact p and the MDE worked out by hand", () => {
    const m = c.metrics.exact;
    expect(m?.a).toBeCloseTo(1 / 6, 12);
    expect(m?.b).toBeCloseTo(5 / 6, 12);
    expect(m?.difference).toBeCloseTo(4 / 6, 12);
    expect(m?.discordant).toEqual({ a_only: 0, b_only: 4 });
    // Two-sided binomial on 4 discordant pairs all one way: 2 × (1/2)^4.
    expect(m?.test).toBe("mcnemar_exact");
    expect(m?.p_value).toBeCloseTo(2 / 16, 12);
    // Differences 0,1,1,1,1,0: mean 2/3, sample variance ((2/3)²·2 + (1/3)²·4)/5 = 4/15, stderr √(4/15/6).
    const se = Math.sqrt(4 / 15 / 6);
    expect(m?.stderr).toBeCloseTo(se, 12);
    expect(m?.mde_80).toBeCloseTo((1.959963984540054 + 0.8416212335729143) * se, 12);
  });

  it("refuses runs of different tasks in one line", () => {
    const other = run("runs/c", "u", ["exact"], [], ITEMS);
    expect(() => compareEvalRuns(A, other)).toThrow(UserError);
    expect(() => compareEvalRuns(A, other)).toThrow("compare: the runs are of different tasks (t, u)");
  });
});
