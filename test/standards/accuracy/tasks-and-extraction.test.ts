import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { aggregateMetric } from "../../../src/standards/accuracy/aggregate.js";
import { extractAnswer, splitReasoning } from "../../../src/standards/accuracy/extract.js";
import { normalizeNumber, normalizeText } from "../../../src/standards/accuracy/normalize.js";
import { notScoredWarning, sampleScorer, type ScoreInput } from "../../../src/standards/accuracy/scorers.js";
import { fileTask, readTaskItems } from "../../../src/workloads/tasks/file-task.js";
import { CHOICE, FRUITS, NUMERIC } from "./labelled-outputs.js";
import { passAtK } from "../../../src/standards/accuracy/pass-at-k.js";
import { bootstrap, wilson } from "../../../src/stats/intervals.js";
import { loadTask } from "../../../src/workloads/tasks/load.js";
import { renderMessages } from "../../../src/workloads/tasks/render.js";
import { SHARED } from "../../helpers/cli.js";

const D = join(SHARED, "datasets");

describe("answer extraction", () => {
  it("separates reasoning, including an unclosed trace", () => {
    expect(splitReasoning("<think>a</think> 7")).toEqual({ answer: "7", reasoning: "a", unclosed: false });
    expect(splitReasoning("b</think>ok")).toMatchObject({ answer: "ok", reasoning: "b" });
    expect(splitReasoning("x <think>never done")).toMatchObject({ unclosed: true });
  });

  it("prefers strict patterns (last match), falls back to the last number, normalises", () => {
    expect(extractAnswer("so 3 + 4 = 7. #### 7", "number")).toMatchObject({ answer: "7", stage: "strict" });
    expect(extractAnswer("\\boxed{12} and later \\boxed{1,000}", "number")).toMatchObject({
      answer: "1000",
      stage: "strict",
    });
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
    // A line that is only a letter is an explicit answer format (strict); a choice in prose is flexible.
    expect(extractAnswer("B", "choice", choices)).toMatchObject({ answer: "B", stage: "strict" });
    expect(extractAnswer("I pick (D) here", "choice", choices)).toMatchObject({ answer: "D", stage: "flexible" });
    expect(extractAnswer("It must be green, surely.", "choice", choices)).toMatchObject({
      answer: "B",
      stage: "flexible",
    });
    expect(extractAnswer("red or blue", "choice", choices)).toMatchObject({ answer: null });
    expect(extractAnswer("Answer: E", "choice", choices).answer).toBeNull(); // only four options
  });
});

const num = (s: string): string | null => extractAnswer(s, "number").answer;
const pick = (s: string, choices: readonly string[] = FRUITS): string | null =>
  extractAnswer(s, "choice", choices).answer;

describe("numeric extraction rules (docs/eval.md)", () => {
  it("an answer statement concludes with its answer: the clause's final number, the result of a op b = c", () => {
    expect(num("The answer is 20 - 15 = 5.")).toBe("5");
    expect(num("So the answer is 60 / 2 = 30.")).toBe("30");
    expect(num("Answer: 3 * 4 = 12 cookies")).toBe("12");
    expect(extractAnswer("Let me check the answer: 4 + 3 = 7\nSo she has 7 apples.", "number")).toMatchObject({
      answer: "7",
      stage: "strict",
    });
  });

  it("the last answer statement in the text wins, whichever cue it uses", () => {
    expect(num("\\boxed{7} The answer is 8")).toBe("8");
    expect(num("#### 8 … The answer is 7")).toBe("7");
    expect(num("The answer is 7. Final answer: \\boxed{9}")).toBe("9");
    expect(num("Answer: 5 then answer is 6")).toBe("6");
  });

  it("a denied number is not the answer; the correction after it is", () => {
    expect(num("The answer isn't 5; it's 7.")).toBe("7");
    expect(num("The answer is not 3, it is 4.")).toBe("4");
    // A statement that only denies states nothing: the last statement that states a number wins.
    expect(num("The answer is 12. The answer is not 10.")).toBe("12");
  });

  it("what follows the answer explains it: brackets, because/since, per/each, a comma", () => {
    expect(num("The answer is 18 (9 × 2).")).toBe("18");
    expect(num("The answer is 12, because she had 20 and gave away 8.")).toBe("12");
    expect(num("The answer is $18 per day.")).toBe("18");
    expect(num("The answer is 40 out of 50.")).toBe("40");
    // …unless the comma goes on to the result.
    expect(num("The answer is 3 × 4, which is 12.")).toBe("12");
  });

  it("a dash before a space is punctuation, so a bulleted number is still a number", () => {
    expect(num("Total:\n- 12")).toBe("12");
    expect(num("So the counts are:\n- 4 red\n- 6 blue")).toBe("6");
    expect(num("- 3")).toBe("3");
    expect(num("-3")).toBe("-3");
    expect(num("x = -3")).toBe("-3");
    expect(num("the low was (−4) degrees")).toBe("-4");
    expect(num("The answer is −5.")).toBe("-5"); // U+2212 keeps its sign
    expect(num("page 5-3")).toBeNull(); // "5-3" is a range, not a negative
  });

  it("an expression left unevaluated at the end is evaluated; a range gives no answer", () => {
    expect(num("The result is 10 - 5")).toBe("5");
    expect(num("The result is 12 - 4")).toBe("8");
    expect(num("The answer is 2 + 3 × 4")).toBe("14");
    expect(num("The answer is 100 − 37")).toBe("63");
    expect(extractAnswer("The answer is 5-10 minutes.", "number")).toMatchObject({ answer: null, stage: "none" });
    expect(num("It takes 5–10 minutes.")).toBeNull();
  });

  it("fractions, grouped thousands and scientific notation are parsed, never misread", () => {
    expect(num("\\frac{1}{2}")).toBe("0.5");
    expect(num("The answer is \\boxed{\\dfrac{3}{4}}")).toBe("0.75");
    expect(num("The answer is 3 1/2 cups.")).toBe("3.5");
    expect(num("The answer is 3\\frac{1}{2}.")).toBe("3.5");
    expect(num("The answer is -\\frac{1}{4}")).toBe("-0.25");
    expect(num("The answer is 1/0.")).toBeNull();
    expect(num("The answer is 1 000.")).toBe("1000");
    expect(num("The answer is 1\u2009000 000.")).toBe("1000000");
    expect(num("The answer is 12,345.")).toBe("12345");
    expect(num("The answer is 2.5e-3")).toBe("0.0025");
    expect(num("The answer is 2.5 × 10^{-3}")).toBe("0.0025");
    expect(num("The answer is 1.5 million")).toBe("1500000");
    expect(num("The answer is 10^3")).toBe("1000");
    expect(num("The answer is five.")).toBe("5");
    // A number word with a scale word is not read (never 2 for "two hundred").
    expect(num("The answer is two hundred.")).toBeNull();
    expect(num("Ans: 18")).toBe("18");
  });

  it("targets are read by the same rules", () => {
    expect(normalizeNumber("\\frac{1}{2}")).toBe("0.5");
    expect(normalizeNumber("1 000")).toBe("1000");
    expect(normalizeNumber("2.5e-3")).toBe("0.0025");
    expect(normalizeNumber("−7")).toBe("-7");
    expect(normalizeNumber("5 and 6")).toBeNull();
  });

  it("a self-correction takes back the statements before it", () => {
    expect(num("The answer is 5. Wait, I misread: she has 3 more, so 8.")).toBe("8");
    expect(num("The answer is 5. Hmm, let me recheck: 2 + 4 = 6. The answer is 6.")).toBe("6");
    expect(num("Waiting 5 minutes, the answer is 12. Then it rains for 3 hours.")).toBe("12");
    expect(pick("So the answer is A. Wait, A ignores friction. It's C.")).toBe("C");
    expect(pick("The answer is B. No, it is D.")).toBe("D");
  });

  it("LaTeX thousands separators", () => {
    expect(num("The answer is 1\\,000")).toBe("1000");
    expect(num("The answer is 1{,}500")).toBe("1500");
  });

  it("falls back to the number the last sentence ends on, skipping asides in brackets", () => {
    expect(extractAnswer("She makes 9 × 2 = 18 dollars (for 9 eggs).", "number")).toMatchObject({
      answer: "18",
      stage: "flexible",
    });
    expect(num("So he has 10 - 3 = 7 marbles, then gets 5 more, giving 12.")).toBe("12");
  });
});

describe("multiple-choice extraction rules (docs/eval.md)", () => {
  it("a cue's letter is followed by any punctuation", () => {
    for (const p of [",", ";", "!", ".", ":", ")", " —"]) expect(pick(`The answer is B${p} because of X`)).toBe("B");
  });

  it("the article 'a' / 'A' and the pronoun 'I' are words, not options", () => {
    expect(pick("The answer is a bit tricky, but I pick (C)")).toBe("C");
    expect(pick("A good rule: the answer is D")).toBe("D");
    expect(pick("A is correct.")).toBe("A");
    expect(pick("So A has to be the one.")).toBe("A");
    expect(pick("A can of soda holds 12 ounces, so B.")).toBe("B");
    expect(pick("Answer: I think it is B", ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"])).toBe("B");
    expect(pick("The answer is (I)", ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"])).toBe("I");
  });

  it("explicit answer formats win over letters in the explanation; the last one wins", () => {
    expect(pick("**B**")).toBe("B");
    expect(pick("B\n\nExplanation: A is a distractor.")).toBe("B");
    expect(pick("Option B")).toBe("B");
    expect(pick("The correct option is B.")).toBe("B");
    expect(pick("\\boxed{C}")).toBe("C");
    expect(pick("Answer: A. Later: the answer is D.")).toBe("D");
    expect(pick("The answer is not A; it's C.")).toBe("C");
    // Within an answer clause, a ruled-out letter does not count, and weighing options states none.
    expect(pick("Answer: A is wrong, so C.")).toBe("C");
    expect(pick("The answer is obvious if we look at A: it contradicts the premise. D is correct.")).toBe("D");
    expect(pick("Answer:\nA) wrong\nB) wrong\nC) right\nD) wrong\nSo C.")).toBe("C");
  });

  it("a choice in prose beats other letters; the fallback takes the last letter nobody rules out", () => {
    expect(pick("I choose (B) because (A) is wrong")).toBe("B");
    expect(pick("Option A is incorrect. Option C is correct.")).toBe("C");
    expect(pick("A and B are wrong, so it must be D.")).toBe("D");
    expect(pick("C, not D.")).toBe("C");
  });

  it("after an answer cue, a lowercase letter opening the clause names an option ('a'/'i' only alone)", () => {
    expect(pick("The answer is c, because cherries are red.")).toBe("C");
    expect(pick("answer: d")).toBe("D");
    expect(pick("the answer is a.")).toBe("A");
    expect(pick("The answer is a good one: C")).toBe("C");
    expect(pick("Ans: B")).toBe("B");
  });

  it("only the item's option letters count, and an item without options has no answer", () => {
    expect(pick("Answer: E")).toBeNull();
    expect(pick("Answer: E", ["a", "b", "c", "d", "e"])).toBe("E");
    expect(pick("Answer: B", [])).toBeNull();
  });
});

describe("labelled outputs", () => {
  // lm-evaluation-harness GSM8K flexible-extract: the last match of this regex, with "," "$" and a final "." removed.
  const lastNumber = (s: string): number | null => {
    const m = [...s.matchAll(/(-?[$0-9.,]{2,})|(-?[0-9]+)/g)].at(-1);
    return m ? Number(m[0].replace(/[,$]/g, "").replace(/\.$/, "")) : null;
  };
  const lastCapital = (s: string): string | null => [...s.matchAll(/\b([A-D])\b/g)].at(-1)?.[1] ?? null;
  const same = (a: number | null, t: number): boolean =>
    a !== null && Math.abs(a - t) <= 1e-6 * Math.max(1, Math.abs(t));

  it.each(NUMERIC.map(([o, t]) => [t, o] as const))("number %s from %j", (t, o) => {
    expect(Number(num(o))).toBeCloseTo(t, 9);
  });

  it.each(CHOICE.map(([o, t, c]) => [t, o, c] as const))("letter %s from %j", (t, o, c) => {
    expect(pick(o, c)).toBe(t);
  });

  it("beats both baselines on them", () => {
    const numShare = (f: (s: string) => number | null): number =>
      NUMERIC.filter(([o, t]) => same(f(o), t)).length / NUMERIC.length;
    const mcShare = (f: (s: string, c: readonly string[]) => string | null): number =>
      CHOICE.filter(([o, t, c]) => f(o, c) === t).length / CHOICE.length;
    expect(NUMERIC.length).toBeGreaterThanOrEqual(60);
    expect(CHOICE.length).toBeGreaterThanOrEqual(60);
    expect(numShare((o) => (num(o) === null ? null : Number(num(o))))).toBeGreaterThanOrEqual(0.95);
    expect(mcShare(pick)).toBeGreaterThanOrEqual(0.92);
    expect(numShare(lastNumber)).toBeLessThan(0.95);
    expect(mcShare((o) => lastCapital(o))).toBeLessThan(0.92);
  });
});

describe("scorers", () => {
  const input = (
    output: string,
    targets: Array<string | number>,
    kind: "text" | "choice" = "text",
    choices: string[] = [],
  ): ScoreInput => ({ output, extraction: extractAnswer(output, kind, choices), targets, choices });
  const score = (metric: string, s: ScoreInput): number | null => sampleScorer(metric)?.(s) ?? null;

  it("exact is exact; quasi_exact applies SQuAD's normalisation to both sides", () => {
    expect(score("exact", input("The CAT!!", ["cat"]))).toBe(0);
    expect(score("exact", input("cat", ["cat"]))).toBe(1);
    expect(score("exact", input("  cat\n", ["cat"]))).toBe(1);
    // The extracted clause loses the period that ends its sentence, not an abbreviation's.
    expect(score("exact", input("The answer is Paris.", ["Paris"]))).toBe(1);
    expect(score("exact", input("The answer is paris.", ["Paris"]))).toBe(0);
    expect(extractAnswer("Answer: the U.S.", "text").answer).toBe("the U.S.");
    expect(score("quasi_exact", input("The CAT!!", ["cat"]))).toBe(1);
    expect(score("quasi_exact", input("The CAT!!", ["Cat"]))).toBe(1);
  });

  it("SQuAD normalisation deletes punctuation (not a space) and drops articles", () => {
    expect(normalizeText("1,000")).toBe("1000");
    expect(normalizeText("don't")).toBe("dont");
    expect(normalizeText("U.S.")).toBe("us");
    expect(normalizeText("The  Eiffel-Tower, a landmark")).toBe("eiffeltower landmark");
    for (const [a, b] of [
      ["1,000", "1000"],
      ["dont", "don't"],
      ["U.S.", "US"],
    ] as const) {
      expect(score("quasi_exact", input(a, [b]))).toBe(1);
      expect(score("f1", input(a, [b]))).toBe(1);
    }
    expect(score("f1", input("the big red dog", ["a red dog"]))).toBeCloseTo((2 * (2 / 3) * 1) / (2 / 3 + 1), 12);
  });

  it("choice cannot apply to an item without options or a target naming none: no verdict, and a warning with the count", () => {
    const rows = [
      input("B", ["B"], "choice", FRUITS),
      input("B", ["B"], "choice", []),
      input("B", ["Z"], "choice", FRUITS),
    ];
    expect(rows.map((r) => score("choice", r))).toEqual([1, null, null]);
    expect(notScoredWarning("choice", rows)).toMatch(/^choice: 2 of 3 samples not scored .*the item has no choices/);
    expect(notScoredWarning("choice", rows.slice(0, 1))).toBeNull();
    // A target may be a 0-based index given as a number or as digits (a CSV cell).
    expect(score("choice", input("C", [2], "choice", FRUITS))).toBe(1);
    expect(score("choice", input("C", ["2"], "choice", FRUITS))).toBe(1);
    // An option's text names it, exactly or, when only one matches, after SQuAD normalisation.
    expect(score("choice", input("B", ["banana"], "choice", FRUITS))).toBe(1);
    expect(score("choice", input("B", ["The Banana."], "choice", FRUITS))).toBe(1);
    // Digits that are one option's text and another's index are ambiguous.
    expect(score("choice", input("A", ["1"], "choice", ["1", "2", "3"]))).toBeNull();
  });

  it("a CSV target '2' is the 0-based index of option C", () => {
    const dir = mkdtempSync(join(tmpdir(), "infermark-csv-"));
    const file = join(dir, "mc.csv");
    writeFileSync(
      file,
      'input,choices,target\nPick one,"[""apple"",""banana"",""cherry""]",2\nAgain,"red | green | blue",green\n',
    );
    expect(readTaskItems(file).map((i) => i.targets)).toEqual([["C"], ["B"]]);
    // --scorer choice over items that have no options at all is a user error.
    const plain = join(dir, "plain.jsonl");
    writeFileSync(plain, '{"input": "Pick", "target": "B"}\n');
    expect(() => fileTask(plain, ["choice"])).toThrow(/--scorer choice needs items with "choices"/);
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
    const mk = (item: string, sample: number, ok: boolean) => ({
      item,
      sample,
      input: {
        output: ok ? "1" : "2",
        extraction: { answer: ok ? "1" : "2", stage: "strict" as const, raw: null, strictAnswer: null },
        targets: [1],
        choices: [],
      },
    });
    const samples = [mk("a", 0, true), mk("a", 1, true), mk("b", 0, false), mk("b", 1, true)];
    const m = aggregateMetric("numeric", samples);
    expect(m).toMatchObject({ value: 0.75, n: 4, ci_method: "cluster_bootstrap" });
    // Item means 1 and 0.5: stderr of their mean is 0.25.
    expect(m.stderr).toBeCloseTo(0.25, 12);
    expect(passAtK(2, 1, 1)).toBe(0.5);
    // Every sample wrong: the bootstrap has nothing to resample, the interval is Wilson's over the 2 items.
    const zero = aggregateMetric(
      "numeric",
      samples.map((x) => mk(x.item, x.sample, false)),
    );
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
    expect(() => loadTask("mmlu", { scorers: [], seed: 0 })).toThrow(
      /--task mmlu needs its data file: pass --data PATH/,
    );
  });
});

describe("paired tests", () => {
  it("McNemar: exact binomial for few discordant pairs, chi-square with continuity correction for many", async () => {
    const { mcnemar } = await import("../../../src/stats/paired.js");
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
