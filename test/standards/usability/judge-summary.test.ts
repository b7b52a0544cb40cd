import { describe, expect, it } from "vitest";
import { summarizeJudge, type JudgeLine } from "../../../src/standards/usability/judge/judge-summary.js";
import type { JudgeCall, JudgeSettings } from "../../../src/standards/usability/judge/judge-verdict.js";
import type { Pick as Choice } from "../../../src/standards/usability/judge/pairwise.js";

const call = (judge: number, parsed: number | Choice, o: Partial<JudgeCall> = {}): JudgeCall => ({
  judge,
  repeat: 0,
  order: null,
  prompt: [],
  replies: ["…"],
  parsed,
  error: null,
  tokens: { input: 100, output: 10 },
  latency_ms: 20,
  cached: false,
  ...o,
});
const graded = (calls: JudgeCall[], model_chars = 10, baseline_chars = 10): JudgeLine => ({
  status: "graded",
  mode: "single",
  calls,
  model_chars,
  baseline_chars,
});
const settings = (
  mode: JudgeSettings["mode"],
  judges: number,
): Pick<JudgeSettings, "mode" | "judges" | "rubric" | "scale"> => ({
  mode,
  judges: Array.from({ length: judges }, (_, i) => ({ target: `http://judge${i}/v1` })),
  rubric: "helpfulness",
  scale: [1, 10],
});

describe("judge summary", () => {
  it("two judges: the panel's mean per answer, Cohen's κ between them", () => {
    const a = [8, 6, 10, 4];
    const b = [8, 5, 10, 4];
    const s = summarizeJudge(
      a.map((x, i) => graded([call(0, x), call(1, b[i] ?? 0)])),
      settings("single", 2),
    );
    // Per answer 8, 5.5, 10, 4 → 6.875.
    expect(s.score).toMatchObject({ value: 6.875, n: 4 });
    // p_o = 3/4; every grade has share ¼ per judge, 3 shared values → p_e = 3/16; κ = (0.75 − 0.1875)/0.8125.
    expect(s.agreement).toMatchObject({ method: "cohen_kappa", n: 4 });
    expect(s.agreement.value).toBeCloseTo(0.5625 / 0.8125, 10);
    expect(s.judge_tokens).toEqual({ input: 800, output: 80, calls: 8, cached_calls: 0 });
    // Each judge alone: 28 / 4 = 7 and 27 / 4 = 6.75.
    expect(s.per_judge).toMatchObject([
      { target: "http://judge0/v1", value: 7, n: 4 },
      { target: "http://judge1/v1", value: 6.75, n: 4 },
    ]);
    expect(s.judge_latency).toMatchObject({ value: 20, n: 8 });
  });
  it("three judges in full agreement: Krippendorff's α (interval) is 1", () => {
    const s = summarizeJudge(
      [1, 2, 3].map((x) => graded([call(0, x), call(1, x), call(2, x)])),
      settings("single", 3),
    );
    expect(s.agreement).toMatchObject({ method: "krippendorff_alpha", level: "interval", value: 1, n: 3 });
  });
  it("repeats: the pooled SD of one judge's grades of one answer", () => {
    // Grades (7, 9) and (5, 5): variances 2 and 0, pooled SD √1 = 1.
    const s = summarizeJudge(
      [graded([call(0, 7), call(0, 9, { repeat: 1 })]), graded([call(0, 5), call(0, 5, { repeat: 1 })])],
      settings("single", 1),
    );
    expect(s.repeat_sd).toEqual({ value: 1, n: 2 });
    expect(s.score).toMatchObject({ value: 6.5, n: 2 });
  });
  it("pairwise panel: the majority of three judges decides; a contradicting judge abstains", () => {
    const both = (judge: number, first: Choice, second: Choice): JudgeCall[] => [
      call(judge, first, { order: "model_first" }),
      call(judge, second, { order: "model_second" }),
    ];
    const s = summarizeJudge(
      [
        // Win, win, loss → win.
        graded([...both(0, "A", "B"), ...both(1, "A", "B"), ...both(2, "B", "A")]),
        // Win, inconsistent, loss → no majority: tie.
        graded([...both(0, "A", "B"), ...both(1, "A", "A"), ...both(2, "B", "A")]),
        { status: "ungraded", reason: "judge unreachable", calls: [] },
      ],
      settings("pairwise", 3),
    );
    expect(s.outcomes).toEqual({ win: 1, loss: 0, tie: 1, inconsistent: 0 });
    expect(s.win_rate).toMatchObject({ value: 0.75, n: 2 });
    // One of the six (item, judge) pairs contradicted itself.
    expect(s.inconsistency_rate).toBeCloseTo(1 / 6, 12);
    expect(s.n_ungraded).toBe(1);
    expect(s.score.value).toBeNull();
    // Judge 0 won both, judge 1 won one and contradicted itself once (½), judge 2 lost both.
    expect(s.per_judge.map((j) => j.value)).toEqual([1, 0.75, 0]);
  });
});
