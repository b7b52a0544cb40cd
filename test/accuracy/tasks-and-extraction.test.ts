import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { aggregateMetric } from "../../src/standards/accuracy/aggregate.js";
import { extractAnswer, splitReasoning } from "../../src/standards/accuracy/extract.js";
import { normalizeNumber } from "../../src/standards/accuracy/normalize.js";
import { passAtK } from "../../src/standards/accuracy/pass-at-k.js";
import { bootstrap, wilson } from "../../src/stats/intervals.js";
import { loadTask } from "../../src/workloads/tasks/load.js";
import { renderMessages } from "../../src/workloads/tasks/render.js";
import { SHARED } from "../helpers/cli.js";

const D = join(SHARED, "datasets");

describe("answer extraction", () => {
  it("separates reasoning, including an unclosed trace", () => {
    expect(splitReasoning("<think>a</think> 7")).toEqual({ answer: "7", reasoning: "a", unclosed: false });
    expect(splitReasoning("b</think>ok")).toMatchObject({ answer: "ok", reasoning: "b" });
    expect(splitReasoning("x <think>never done")).toMatchObject({ unclosed: true });
  });

  it("prefers strict patterns (last match), falls back to the last number, normalises", () => {
    expect(extractAnswer("so 3 + 4 = 7. #### 7", "number")).toMatchObject({ answer: "7", stage: "strict" });
    expect(extractAnswer("\\boxed{12} and later \\boxed{1,000}", "number")).toMatchObject({ answer: "1000", stage: "strict" });
    expect(extractAnswer("Answer: 5 then answer is 6", "number")).toMatchObject({ answer: "6", stage: "strict" });
    expect(extractAnswer("it costs 3 then 18 dollars", "number")).toMatchObject({ answer: "18", stage: "flexible" });
    expect(extractAnswer("nothing here", "number")).toMatchObject({ answer: null, stage: "none" });
    expect(normalizeNumber("$1,234.50")).toBe("1234.5");
    expect(normalizeNumber("12.0 cm")).toBe("12");
    expect(normalizeNumber("-0.5%")).toBe("-0.5");
    expect(normalizeNumber("1,23")).toBeNull();
  });

  it("finds choice letters strictly, alone, in parentheses or by the option's text", () => {
    const choices = ["red", "green", "blue", "yellow"];
    expect(extractAnswer("The answer is (C).", "choice", choices)).toMatchObject({ answer: "C", stage: "strict" });
    expect(extractAnswer("B", "choice", choices)).toMatchObject({ answer: "B", stage: "flexible" });
    expect(extractAnswer("I pick (D) here", "choice", choices)).toMatchObject({ answer: "D", stage: "flexible" });
    expect(extractAnswer("It must be green, surely.", "choice", choices)).toMatchObject({ answer: "B", stage: "flexible" });
    expect(extractAnswer("red or blue", "choice", choices)).toMatchObject({ answer: null });
    expect(extractAnswer("Answer: E", "choice", choices).answer).toBeNull(); // only four options
  });
});

describe("intervals", () => {
  it("Wilson matches its closed form", () => {
    const [lo, hi] = wilson(0, 10);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(3.8415 / (10 + 3.8415), 4);
    const [l2, h2] = wilson(50, 100);
    expect(l2).toBeCloseTo(0.4038, 4);
    expect(h2).toBeCloseTo(0.5962, 4);
  });

  it("bootstrap is seeded and brackets the estimate", () => {
    const xs = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const mean = (idx: number[]): number => idx.reduce((a, i) => a + xs[i]!, 0) / idx.length;
    const a = bootstrap(xs.length, mean, { seed: 1 });
    expect(bootstrap(xs.length, mean, { seed: 1 })).toEqual(a);
    expect(a.ci95[0]).toBeLessThan(67 / 200);
    expect(a.ci95[1]).toBeGreaterThan(67 / 200);
    // The standard error of a proportion is √(p(1−p)/n) ≈ 0.0333; the bootstrap agrees to ~15 %.
    expect(Math.abs(a.stderr - 0.0333) / 0.0333).toBeLessThan(0.15);
  });

  it("clusters samples by item when items have several", () => {
    const mk = (item: string, sample: number, ok: boolean) => ({ item, sample, input: { output: ok ? "1" : "2", extraction: { answer: ok ? "1" : "2", stage: "strict" as const, raw: null, strictAnswer: null }, targets: [1], choices: [] } });
    const samples = [mk("a", 0, true), mk("a", 1, true), mk("b", 0, false), mk("b", 1, true)];
    const m = aggregateMetric("numeric", samples);
    expect(m).toMatchObject({ value: 0.75, n: 4, ci_method: "cluster_bootstrap" });
    // Item means 1 and 0.5: stderr of their mean is 0.25.
    expect(m.stderr).toBeCloseTo(0.25, 12);
    expect(passAtK(2, 1, 1)).toBe(0.5);
    // Every sample wrong: the bootstrap has nothing to resample, the interval is Wilson's over the 2 items.
    const zero = aggregateMetric("numeric", samples.map((x) => mk(x.item, x.sample, false)));
    expect(zero.ci95).toEqual(wilson(0, 2));
  });
});

describe("presets read the public formats", () => {
  it("GSM8K: question and the number after ####", () => {
    const t = loadTask("gsm8k", { data: join(D, "gsm8k", "test.jsonl"), scorers: [], seed: 0 });
    expect(t.items.length).toBe(1319);
    expect(t.items[0]!.targets).toEqual(["18"]);
    expect(t.answer).toBe("number");
  });

  it("MMLU: a folder of headerless CSVs, four options and a letter", () => {
    const t = loadTask("mmlu", { data: join(D, "mmlu", "test"), scorers: [], seed: 0 });
    expect(t.items.length).toBeGreaterThan(14_000);
    const first = t.items.find((i) => i.id === "abstract_algebra-0")!;
    expect(first.choices).toEqual(["0", "4", "2", "6"]);
    expect(first.targets).toEqual(["B"]);
  });

  it("ARC: stem, lettered choices, answer key", () => {
    const t = loadTask("arc", { data: join(D, "arc", "ARC-Challenge-Dev.jsonl"), scorers: [], seed: 0 });
    expect(t.items[0]!.targets).toEqual(["D"]);
    expect(t.items[0]!.choices[3]).toBe("Record the details of the investigation.");
  });

  it("TruthfulQA: the best answer among the incorrect ones, at a seeded position", () => {
    const t = loadTask("truthfulqa", { data: join(D, "truthfulqa", "TruthfulQA.csv"), scorers: [], seed: 0 });
    const first = t.items[0]!;
    const letter = first.targets[0] as string;
    expect(first.choices["ABCDEFGHIJ".indexOf(letter)]).toBe("The watermelon seeds pass through your digestive system");
    expect(first.choices).toContain("You grow watermelons in your stomach");
    const msgs = renderMessages(t, first, 0);
    expect(msgs.at(-1)!.content).toContain("A. ");
  });

  it("says which file to pass when a preset has no data", () => {
    expect(() => loadTask("mmlu", { scorers: [], seed: 0 })).toThrow(/--task mmlu needs its data file: pass --data PATH/);
  });
});

describe("paired tests", () => {
  it("McNemar: exact binomial for few discordant pairs, chi-square with continuity correction for many", async () => {
    const { mcnemar } = await import("../../src/stats/paired.js");
    // 1 vs 9 discordant: 2 · (C(10,0) + C(10,1)) / 2^10.
    const small = mcnemar(1, 9);
    expect(small.method).toBe("mcnemar_exact");
    expect(small.p).toBeCloseTo((2 * 11) / 1024, 14);
    expect(mcnemar(0, 0).p).toBe(1);
    // (|600 − 450| − 1)² / 1050 on 1 df; Python's math.erfc(sqrt(x/2)) gives 4.26075e-06.
    const big = mcnemar(600, 450);
    expect(big.method).toBe("mcnemar_chi2");
    expect(Math.abs(big.p - 4.260753572080316e-6) / 4.26e-6).toBeLessThan(1e-5);
  });
});
