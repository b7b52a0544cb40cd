import { describe, expect, it } from "vitest";
import { judgeSettings } from "../../../src/standards/usability/judge/judge-settings.js";

describe("--judge flags", () => {
  it("a panel from repeated flags and comma lists, one model per judge, defaults: single, helpfulness, 1-10, once", () => {
    expect(judgeSettings({ judge: ["http://a/v1,http://b/v1", "llama:j.gguf"], judgeModel: "m1,m2,m3" })).toEqual({
      mode: "single",
      judges: [
        { target: "http://a/v1", model: "m1" },
        { target: "http://b/v1", model: "m2" },
        { target: "llama:j.gguf", model: "m3" },
      ],
      rubric: "helpfulness",
      scale: [1, 10],
      repeats: 1,
    });
    expect(judgeSettings({ judge: [] })).toBeNull();
  });
  it("refuses what it would otherwise ignore or misread, in one line each", () => {
    const bad: Array<[Parameters<typeof judgeSettings>[0], RegExp]> = [
      [{ judge: [], judgeRubric: "helpfulness" }, /need --judge TARGET/],
      [{ judge: ["http://a/v1"], judgeMode: "pairwise" }, /needs --baseline/],
      [{ judge: ["http://a/v1"], baseline: "runs/x" }, /--baseline is for --judge-mode pairwise/],
      [{ judge: ["http://a/v1"], judgeScale: "10-1" }, /expected MIN-MAX/],
      [{ judge: ["http://a/v1"], judgeRubric: "vibes" }, /built-in rubrics/],
      [{ judge: ["http://a/v1", "http://b/v1", "http://c/v1"], judgeModel: "m1,m2" }, /2 models for 3 judges/],
      [{ judge: ["http://a/v1"], judgeMode: "pairwise", baseline: "r", judgeScale: "1-5" }, /for --judge-mode single/],
      [{ judge: ["http://a/v1"], judgePrompts: "p.jsonl", judgeScale: "1-5" }, /its own criterion, 1-10/],
    ];
    for (const [flags, re] of bad) expect(() => judgeSettings(flags), JSON.stringify(flags)).toThrow(re);
  });
});
