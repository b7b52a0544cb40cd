import { describe, expect, it } from "vitest";

const rep = <T>(n: number, x: T): T[] => Array.from({ length: n }, () => x);
import { cohensKappa, krippendorffAlpha } from "../../../src/standards/usability/judge/agreement.js";
import { lengthControlledWinRate } from "../../../src/standards/usability/judge/length-controlled.js";
import { pairOutcome } from "../../../src/standards/usability/judge/pairwise.js";
import { parsePick, parseScore } from "../../../src/standards/usability/judge/parse-grade.js";
import { pairwisePrompt, rubricNamed, singleGradePrompt } from "../../../src/standards/usability/judge/rubrics.js";
import { summarizePairwise, summarizeSingle } from "../../../src/standards/usability/judge/summarize-judge.js";

describe("agreement", () => {
  it("Cohen's κ: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → p_o 0.7, p_e 0.5·0.6 + 0.5·0.4 = 0.5, κ 0.4", () => {
    const a = [...rep(25, "yes"), ...rep(25, "no")];
    const b = [...rep(20, "yes"), ...rep(5, "no"), ...rep(10, "yes"), ...rep(15, "no")];
    expect(cohensKappa(a, b)).toBeCloseTo(0.4, 12);
    expect(cohensKappa(["x", "x"], ["x", "x"])).toBeNull();
  });
  it("Krippendorff's α on Krippendorff's own 4-coder, 12-unit example: nominal 0.743, interval 0.849", () => {
    const n = null;
    const grades = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
      [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n],
    ];
    expect(krippendorffAlpha(grades, "nominal")).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(grades, "interval")).toBeCloseTo(0.849, 3);
  });
  it("α is 1 for perfect agreement and null when nothing varies", () => {
    expect(
      krippendorffAlpha([
        [1, 2, 3],
        [1, 2, 3],
      ]),
    ).toBe(1);
    expect(
      krippendorffAlpha([
        [4, 4],
        [4, 4],
      ]),
    ).toBeNull();
  });
});

describe("pairwise judging in both orders", () => {
  it("a judge that always prefers the first answer has every verdict turned into a tie, 100 % inconsistent", () => {
    const biased = Array.from({ length: 10 }, () => ({ modelFirst: "A" as const, modelSecond: "A" as const }));
    const s = summarizePairwise(biased, rep(10, 0));
    expect(s.outcomes).toEqual({ win: 0, loss: 0, tie: 0, inconsistent: 10, ungraded: 0 });
    expect(s.inconsistency_rate).toBe(1);
    expect(s.tie_rate).toBe(1);
    expect(s.win_rate.value).toBe(0.5);
  });
  it("a consistent judge's verdicts stand; a missing one leaves the item ungraded, not scored", () => {
    expect(pairOutcome({ modelFirst: "A", modelSecond: "B" })).toBe("win");
    expect(pairOutcome({ modelFirst: "B", modelSecond: "A" })).toBe("loss");
    expect(pairOutcome({ modelFirst: "tie", modelSecond: "B" })).toBe("tie");
    expect(pairOutcome({ modelFirst: "A", modelSecond: null })).toBe("ungraded");
    // 2 wins, 1 loss, 1 ungraded: win rate 2/3 over the 3 graded.
    const s = summarizePairwise(
      [
        { modelFirst: "A", modelSecond: "B" },
        { modelFirst: "A", modelSecond: "B" },
        { modelFirst: "B", modelSecond: "A" },
        { modelFirst: null, modelSecond: "B" },
      ],
      [0, 0, 0, 0],
    );
    expect(s.win_rate).toMatchObject({ value: 2 / 3, n: 3 });
    expect(s.outcomes.ungraded).toBe(1);
  });
});

describe("length-controlled win rate", () => {
  it("is σ(intercept) when a zero difference sits at the mean: two groups at z = ±1 winning 80 % and 40 %", () => {
    // Saturated fit: logit 0.8 = a + b, logit 0.4 = a − b → a = (1.386294 − 0.405465)/2 = 0.490415, σ(a) = 0.620203.
    const outcomes = [...rep(40, 1), ...rep(10, 0), ...rep(20, 1), ...rep(30, 0)];
    const diff = [...rep(50, 10), ...rep(50, -10)];
    const lc = lengthControlledWinRate(outcomes, diff);
    expect(lc.value).toBeCloseTo(0.620203, 5);
    expect("slope" in lc && lc.slope).toBeCloseTo((Math.log(4) - Math.log(2 / 3)) / 2, 5);
  });
  it("is the raw win rate when every length difference is the same", () => {
    expect(lengthControlledWinRate([1, 0, 1, 1], [5, 5, 5, 5]).value).toBe(0.75);
  });
  it("says so when length alone separates the preferences", () => {
    expect(lengthControlledWinRate([1, 1, 0, 0], [3, 2, -2, -3])).toMatchObject({ value: null });
  });
});

describe("parsing judge replies", () => {
  it("reads JSON scores and MT-Bench's [[N]], the last one given", () => {
    expect(parseScore('{"reason": "fine", "score": 7}', 1, 10)).toEqual({ ok: true, value: 7 });
    expect(
      parseScore("I reply in the format [[N]]... Rating: [[3]] then, on reflection, Rating: [[5]]", 1, 10),
    ).toEqual({ ok: true, value: 5 });
    expect(parseScore('thinking... ```json\n{"score": "8"}\n```', 1, 10)).toEqual({ ok: true, value: 8 });
    expect(parseScore('{"score": 11}', 1, 10)).toMatchObject({ ok: false, reason: "score 11 is outside 1..10" });
    expect(parseScore("a fine answer", 1, 10).ok).toBe(false);
  });
  it("reads pairwise picks", () => {
    expect(parsePick('{"winner": "b"}')).toEqual({ ok: true, value: "B" });
    expect(parsePick("Final verdict: [[C]]")).toEqual({ ok: true, value: "tie" });
    expect(parsePick("[[A]] is the format; my verdict: [[B]]")).toEqual({ ok: true, value: "B" });
    expect(parsePick("both are fine").ok).toBe(false);
  });
});

describe("single grading", () => {
  it("averages graded answers only and reports the ungraded and first-try parse failures", () => {
    const s = summarizeSingle([
      { grade: 8, retried: false },
      { grade: 6, retried: true },
      { grade: null, reason: "unparseable", retried: true },
      { grade: 10, retried: false },
    ]);
    expect(s.score).toMatchObject({ value: 8, n: 3 });
    expect(s.ungraded).toBe(1);
    expect(s.parse_failure_rate).toBe(0.5);
  });
  it("builds prompts that carry the question, the answers and the requested JSON", () => {
    const m = singleGradePrompt(rubricNamed("conciseness"), "Q?", "Ans", "Ref");
    expect(m[1]?.content).toContain("[Question]\nQ?\n");
    expect(m[1]?.content).toContain("[Reference answer]\nRef\n");
    expect(m[1]?.content).toContain('{"reason": "...", "score": N}');
    expect(pairwisePrompt("Q", "one", "two")[1]?.content).toMatch(/\[Answer A\]\none\n[\s\S]*\[Answer B\]\ntwo\n/);
    expect(() => rubricNamed("vibes")).toThrow(/built-in rubrics: helpfulness, understandability/);
  });
});
