// Repetition and diversity metrics (issue 13 §4): hand-worked strings and every distinct-n and
// Self-BLEU case of ../shared/reference/metrics/diversity/distinct_selfbleu_cases.json.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { seqRep, seqRepProfile } from "../../../src/standards/usability/seq-rep.js";
import {
  longestRepeatedSubstring,
  repeatedSubstringShare,
} from "../../../src/standards/usability/repeated-substring.js";
import { detectLoop, repetitionWithTruncation } from "../../../src/standards/usability/loop.js";
import { distinctN, distinctOfOne } from "../../../src/standards/usability/distinct.js";
import { nltkSentenceBleu, selfBleu } from "../../../src/standards/usability/self-bleu.js";
import { compressionRatio } from "../../../src/standards/usability/compression.js";
import { cannedPhrases } from "../../../src/standards/usability/canned-phrases.js";
import { verbosity } from "../../../src/standards/usability/verbosity.js";
import { meanOverGroups } from "../../../src/standards/usability/groups.js";
import { repetitionSummary } from "../../../src/standards/usability/repetition-summary.js";
import type { Measure } from "../../../src/standards/usability/measure.js";
import { SHARED } from "../../helpers/cli.js";

interface NdmCase {
  level: "sentence" | "corpus";
  n: number;
  tokens?: string;
  sentences?: string[];
  expected: number;
  delta?: number;
}
interface Cases {
  distinct_n_ndm: { cases: NdmCase[] };
  distinct_n_vizseq: {
    cases: {
      n: number;
      hyps: string[];
      sent_expected?: number[];
      corpus_expected?: number;
      "sent_expected_atol_0.1"?: number[];
    }[];
  };
  distinct_pooled_tf2ndg: { cases: { n: number; hyps: string[]; expected: number }[] };
  self_bleu: {
    hyps: string[];
    per_sentence: Record<"g2" | "g3" | "g4", number[]>;
    mean: Record<"g2" | "g3" | "g4", number>;
  };
}
const REF = JSON.parse(
  readFileSync(join(SHARED, "reference", "metrics", "diversity", "distinct_selfbleu_cases.json"), "utf8"),
) as Cases;

const value = (m: Measure): number => {
  if (m.value === null) throw new Error(`expected a value, got n/a: ${m.reason}`);
  return m.value;
};
const close = (actual: number, expected: number, tol: number): void =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol);

describe("seq-rep-n (Welleck et al. 2019), whitespace tokens", () => {
  it("counts repeated n-grams of a looping response", () => {
    // "the cat the cat the cat": 6 tokens.
    // 2-grams: the·cat, cat·the, the·cat, cat·the, the·cat → 5 total, 2 unique → 1 − 2/5 = 0.6
    // 3-grams: the·cat·the, cat·the·cat, the·cat·the, cat·the·cat → 4 total, 2 unique → 0.5
    // 4-grams: 3 total (the·cat·the·cat twice, cat·the·cat·the once), 2 unique → 1/3
    const p = seqRepProfile("the cat the cat the cat");
    expect(p.seq_rep_2).toEqual({ value: 1 - 2 / 5, n: 5 });
    expect(p.seq_rep_3).toEqual({ value: 0.5, n: 4 });
    expect(value(p.seq_rep_4)).toBeCloseTo(1 / 3, 12);
  });
  it("is 0 when nothing repeats and n/a, not 0, without an n-gram", () => {
    expect(seqRep("a b c d", 2)).toEqual({ value: 0, n: 3 });
    expect(seqRep("one", 2)).toMatchObject({ value: null, n: 0 });
    expect(seqRep("", 2).value).toBeNull();
    expect(seqRep("   \n ", 4).value).toBeNull();
  });
  it("takes the caller's tokens and handles non-Latin text", () => {
    expect(seqRep(["▁the", "▁the", "▁the"], 2)).toEqual({ value: 0.5, n: 2 });
    // "猫 猫 猫": 2 bigrams, 1 unique → 0.5
    expect(seqRep("猫 猫 猫", 2)).toEqual({ value: 0.5, n: 2 });
    // Tokens with spaces inside must not merge: ["a b","c"] and ["a","b c"] are different bigrams.
    expect(seqRep(["a b", "c", "a", "b c"], 2)).toEqual({ value: 0, n: 3 });
  });
});

/** The definition, by brute force: the longest length L with some substring of length L occurring at two start positions. */
function bruteLrs(s: string): number {
  const cps = Array.from(s);
  for (let L = cps.length - 1; L >= 1; L--) {
    const seen = new Set<string>();
    for (let i = 0; i + L <= cps.length; i++) {
      const sub = cps.slice(i, i + L).join("");
      if (seen.has(sub)) return L;
      seen.add(sub);
    }
  }
  return 0;
}

describe("longest repeated substring share", () => {
  it("finds overlapping repeats", () => {
    // "banana": "ana" starts at 1 and 3 (overlapping); no 4-char substring repeats → 3/6.
    expect(longestRepeatedSubstring("banana")).toEqual({ length: 3, text: "ana", total: 6 });
    expect(repeatedSubstringShare("banana")).toEqual({ value: 0.5, n: 6 });
    // "aaaa": "aaa" at 0 and 1 → 3/4
    expect(repeatedSubstringShare("aaaa")).toEqual({ value: 0.75, n: 4 });
  });
  it("is 0 when nothing repeats, n/a when empty", () => {
    expect(repeatedSubstringShare("abcd")).toEqual({ value: 0, n: 4 });
    expect(repeatedSubstringShare("x")).toEqual({ value: 0, n: 1 });
    expect(repeatedSubstringShare("").value).toBeNull();
  });
  it("counts code points, not UTF-16 units", () => {
    // "😀a😀": 3 code points (5 UTF-16 units); "😀" repeats → 1/3, not 2/5.
    expect(longestRepeatedSubstring("😀a😀")).toEqual({ length: 1, text: "😀", total: 3 });
    expect(longestRepeatedSubstring("猫が猫が")).toMatchObject({ length: 2, text: "猫が" });
  });
  it("matches the brute-force definition on seeded random strings over a small alphabet", () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let t = 0; t < 200; t++) {
      const len = 1 + Math.floor(rnd() * 30);
      const s = Array.from({ length: len }, () =>
        "ab😀"[Math.floor(rnd() * 3)] === "\ud83d" ? "😀" : "ab"[Math.floor(rnd() * 2)],
      ).join("");
      const r = longestRepeatedSubstring(s);
      expect(r.length, s).toBe(bruteLrs(s));
      if (r.length > 0) expect(s.indexOf(r.text), s).not.toBe(s.lastIndexOf(r.text));
    }
  });
  it("handles a long looping output (linear structure, no quadratic scan)", () => {
    // "ab" × 25 000: the text without its first two characters equals the text without its last two → 49 998.
    const r = longestRepeatedSubstring("ab".repeat(25_000));
    expect(r.length).toBe(49_998);
    expect(r.total).toBe(50_000);
  });
});

describe("loop detector: periodic tail, unit ≥ 4 code points, ≥ 3 full copies", () => {
  it("sees a loop cut mid-unit by the length limit", () => {
    // "I am. " (6) × 3 then "I a": the whole 21-code-point text has period 6; 21 ≥ 3·6. Periods 4, 5 fail at once.
    expect(detectLoop("I am. I am. I am. I a")).toEqual({
      loop: true,
      unit: "I am. ",
      period: 6,
      repeats: 3,
      tail: 21,
    });
  });
  it("extends the tail backwards as far as the period holds", () => {
    // "Hello. I am. I am. I am. I a" (28): going back from the first "I", ' '=' ' and '.'='.' (6 later) hold, 'o'≠'m' stops → tail 23.
    expect(detectLoop("Hello. I am. I am. I am. I a")).toEqual({
      loop: true,
      unit: ". I am",
      period: 6,
      repeats: 3,
      tail: 23,
    });
  });
  it("needs three full copies", () => {
    expect(detectLoop("I am. I am. I a").loop).toBe(false);
    expect(detectLoop("This is a normal sentence with no loop at the end.").loop).toBe(false);
    expect(detectLoop("").loop).toBe(false);
  });
  it("ignores units shorter than 4 code points but catches 4 × 3", () => {
    expect(detectLoop("Wait...").loop).toBe(false);
    expect(detectLoop("!!!!!!!!!!!").loop).toBe(false); // 11 < 12
    expect(detectLoop("!!!!!!!!!!!!")).toEqual({ loop: true, unit: "!!!!", period: 4, repeats: 3, tail: 12 });
    expect(detectLoop("!!!!!!!!!!!!!!!!!!!!", { minUnit: 8 }).loop).toBe(false); // 20 < 24
  });
  it("treats any whitespace run as one space, including a unit that ends in whitespace", () => {
    // Collapsed and trimmed: "foo bar foo bar foo bar" (23 < 24); with the trailing space back, 24 = 3 · 8.
    expect(detectLoop("foo bar\nfoo bar\n\nfoo bar\n")).toEqual({
      loop: true,
      unit: "foo bar ",
      period: 8,
      repeats: 3,
      tail: 24,
    });
    expect(detectLoop("the the the")).toMatchObject({ loop: true, unit: "the ", period: 4 });
  });
  it("works on non-Latin text", () => {
    expect(detectLoop("猫が好き。猫が好き。猫が好き。")).toEqual({
      loop: true,
      unit: "猫が好き。",
      period: 5,
      repeats: 3,
      tail: 15,
    });
  });
  it("repetition-with-truncation counts responses that hit the limit AND loop, over all responses", () => {
    const loop = "go on, go on, go on, go on, go";
    const r = repetitionWithTruncation([
      { text: loop, finishReason: "length" },
      { text: loop, finishReason: "stop" },
      { text: "a plain answer that was cut", finishReason: "length" },
      { text: "done", finishReason: "stop" },
    ]);
    // 1 of 4; Wilson 95 % for 1/4 is [0.0456, 0.6994].
    expect(r).toMatchObject({ count: 1, n: 4, rate: 0.25, truncated: 2 });
    close(r.ci95?.[0] ?? -1, 0.0456, 5e-4);
    close(r.ci95?.[1] ?? -1, 0.6994, 5e-4);
    expect(repetitionWithTruncation([])).toMatchObject({ n: 0, rate: null, truncated: 0 });
  });
});

describe("distinct-n: every reference case", () => {
  const ndm = REF.distinct_n_ndm.cases;
  it.each(ndm.filter((c) => c.level === "sentence"))("Distinct-N package, sentence, n=$n: $tokens", (c) => {
    close(value(distinctOfOne(c.tokens ?? "", c.n, "ndm")), c.expected, 1e-9);
  });
  it.each(ndm.filter((c) => c.level === "corpus"))("Distinct-N package, corpus mean, n=$n", (c) => {
    const r = distinctN(c.sentences ?? [], c.n, "ndm");
    expect(r.definition).toBe("ndm");
    close(value(r), c.expected, c.delta ?? 1e-6);
  });
  it("vizseq n=1: sentences [1.0, 0.0, 0.25] and corpus 0.417 (the empty hypothesis is n/a per sentence, scored 0 in the mean as upstream does)", () => {
    const c = REF.distinct_n_vizseq.cases.find((x) => x.n === 1);
    if (c?.sent_expected === undefined || c.corpus_expected === undefined) throw new Error("reference case missing");
    c.hyps.forEach((h, i) => {
      const one = distinctOfOne(h, 1, "vizseq");
      if (h === "") {
        expect(c.sent_expected?.[i]).toBe(0);
        expect(one).toMatchObject({ value: null, n: 0 });
      } else close(value(one), c.sent_expected?.[i] ?? NaN, 1e-9);
    });
    const corpus = distinctN(c.hyps, 1, "vizseq");
    expect(corpus.withoutNgrams).toBe(1);
    close(value(corpus), c.corpus_expected, 5e-4);
    close(value(corpus), 1.25 / 3, 1e-12);
  });
  it("vizseq n=2 (loose, atol 0.1): passes under the token denominator, not under vizseq's own n-gram denominator", () => {
    const c = REF.distinct_n_vizseq.cases.find((x) => x.n === 2);
    const expected = c?.["sent_expected_atol_0.1"];
    if (c === undefined || expected === undefined) throw new Error("reference case missing");
    c.hyps.forEach((h, i) => {
      const ndmOne = distinctOfOne(h, 2, "ndm");
      close(ndmOne.value ?? 0, expected[i] ?? NaN, 0.1);
    });
    // By hand: 7 and 8 tokens, every bigram distinct → 6/7 and 7/8 by tokens, 6/6 and 7/7 by n-grams.
    expect(c.hyps.map((h) => distinctOfOne(h, 2, "ndm").value)).toEqual([6 / 7, null, 7 / 8]);
    expect(c.hyps.map((h) => distinctOfOne(h, 2, "vizseq").value)).toEqual([1, null, 1]);
  });
  it.each(REF.distinct_pooled_tf2ndg.cases)("pooled (default), n=$n", (c) => {
    const r = distinctN(c.hyps, c.n);
    expect(r.definition).toBe("pooled");
    close(value(r), c.expected, 1e-12);
  });
  it("pooled sees two identical outputs as repetition; the per-output means cannot", () => {
    const same = ["It is fine day.", "It is fine day."];
    expect(distinctN(same, 1, "pooled").value).toBe(0.5);
    expect(distinctN(same, 1, "ndm").value).toBe(1);
    expect(distinctN(same, 1, "vizseq").value).toBe(1);
  });
  it("handles one-token outputs and non-Latin text", () => {
    expect(distinctN(["a"], 1)).toMatchObject({ value: 1, n: 1 });
    // unigrams 猫, 犬, 猫, 鳥 → 3 distinct of 4
    expect(distinctN(["猫 犬", "猫 鳥"], 1).value).toBe(0.75);
  });
  it("is n/a, never 0, over 0 n-grams", () => {
    expect(distinctN([], 1)).toMatchObject({ value: null, n: 0, outputs: 0 });
    expect(distinctN(["a", "b"], 2)).toMatchObject({ value: null, n: 0, outputs: 2, withoutNgrams: 2 });
    expect(distinctN(["", "  "], 1, "ndm").value).toBeNull();
  });
  it("counts n-grams in n and works over the samples of each item", () => {
    // pooled bigrams: "a b c" → a·b, b·c; "a b d" → a·b, b·d → 3 distinct of 4
    expect(distinctN(["a b c", "a b d"], 2)).toMatchObject({ value: 0.75, n: 4 });
    const groups = new Map([
      ["q1", ["a b c", "a b d"]],
      ["q2", ["x y", "x y"]],
      ["q3", ["z"]],
    ]);
    // q1 0.75, q2 1/2 (x·y twice), q3 n/a → mean 0.625 over 2 items
    expect(meanOverGroups(groups, (s) => distinctN(s, 2))).toEqual({
      value: 0.625,
      n: 2,
      leftOut: [{ group: "q3", reason: "no output has 2 tokens: no 2-grams" }],
    });
  });
});

describe("Self-BLEU (Texygen definition, NLTK sentence_bleu + method1)", () => {
  for (const g of [2, 3, 4] as const) {
    it(`matches NLTK per sentence and on average, g=${g}`, () => {
      const r = selfBleu(REF.self_bleu.hyps, g);
      const expected = REF.self_bleu.per_sentence[`g${g}`];
      r.perOutput.forEach((s, i) => close(s ?? NaN, expected[i] ?? NaN, 1e-6));
      close(value(r), REF.self_bleu.mean[`g${g}`], 1e-6);
      expect(r.n).toBe(6);
    });
  }
  it("defaults to g = 3", () => {
    close(value(selfBleu(REF.self_bleu.hyps)), REF.self_bleu.mean.g3, 1e-6);
  });
  it("smooths a zero precision to 0.1 / count (method1)", () => {
    // hyp "a b" vs ref "a c", g=2: p1 = 1/2, p2 = 0 → 0.1/1, BP = 1 (equal lengths) → √(0.5·0.1) = √0.05
    close(nltkSentenceBleu([["a", "c"]], ["a", "b"], 2), Math.sqrt(0.05), 1e-12);
    expect(nltkSentenceBleu([["x"]], ["a", "b"], 2)).toBe(0); // no unigram match: NLTK returns 0
    close(value(selfBleu(["a b", "a c"], 2)), Math.sqrt(0.05), 1e-12);
    expect(selfBleu(["a b c", "a b c"]).value).toBe(1);
  });
  it("scores one-token outputs as NLTK does", () => {
    // "a" vs "a", g=3: p1 = 1/1; no bigram or trigram → method1 gives 0.1/1 each; BP 1 → (1 · 0.1 · 0.1)^(1/3)
    close(value(selfBleu(["a", "a"])), Math.cbrt(0.01), 1e-12);
  });
  it("applies brevity penalty against the closest reference length, shorter on a tie", () => {
    // hyp "a b" (2) vs refs of length 1 and 3 → tie, shorter (1) wins → c > r → BP 1; unigrams 2/2 ("a","b" both in "a b c"), bigram 1/1 → 1
    expect(nltkSentenceBleu([["a"], ["a", "b", "c"]], ["a", "b"], 2)).toBe(1);
  });
  it("is n/a below two non-empty outputs; empty outputs are left out", () => {
    expect(selfBleu(["only one"])).toMatchObject({ value: null, n: 1 });
    expect(selfBleu(["a b", ""])).toMatchObject({ value: null, leftOut: 1 });
    // g=2: the two "a b" match each other fully → 1 each
    expect(selfBleu(["a b", "", "a b"], 2)).toMatchObject({ value: 1, n: 2, leftOut: 1, perOutput: [1, null, 1] });
    // g=3 on 2-token outputs: no trigram, so method1 makes p3 = 0.1/1 → (1 · 1 · 0.1)^(1/3) = 0.4642
    close(value(selfBleu(["a b", "", "a b"])), Math.cbrt(0.1), 1e-12);
  });
});

describe("compression ratio (UTF-8 bytes / gzip bytes)", () => {
  it("is raw bytes over gzipped bytes, counting bytes not characters", () => {
    const r = compressionRatio("éé");
    expect(r.rawBytes).toBe(4);
    expect(r.gzipBytes).toBe(gzipSync(Buffer.from("éé")).length);
    expect(r.value).toBe(4 / r.gzipBytes);
    expect(value(r)).toBeLessThan(1); // the fixed gzip overhead dominates short texts
  });
  it("rates repetition high and joins several responses with a newline", () => {
    expect(value(compressionRatio("a".repeat(10_000)))).toBeGreaterThan(100);
    expect(compressionRatio(["x", "y"]).rawBytes).toBe(3);
    expect(compressionRatio("").value).toBeNull();
    expect(compressionRatio([]).value).toBeNull();
  });
});

describe("canned phrases: 5-word n-grams in ≥ 2 responses", () => {
  it("lists shared phrases with their counts, ignoring case and edge punctuation", () => {
    const r = cannedPhrases([
      "I hope this helps you today!",
      "Sure. I hope this helps you today.",
      "No phrase here at all, really. No phrase here at all.",
    ]);
    // Shared by responses 1 and 2: "i hope this helps you", "hope this helps you today".
    // "no phrase here at all" occurs twice but in one response only → not canned.
    expect(r.phrases).toEqual([
      { phrase: "hope this helps you today", responses: 2, occurrences: 2 },
      { phrase: "i hope this helps you", responses: 2, occurrences: 2 },
    ]);
    expect(
      cannedPhrases(
        ["no phrase here at all ok", "No phrase here at all.", "no phrase here at all no phrase here at all"],
        { top: 1 },
      ).phrases,
    ).toEqual([{ phrase: "no phrase here at all", responses: 3, occurrences: 4 }]);
  });
  it("is n/a when no response is long enough", () => {
    expect(cannedPhrases(["too short", ""])).toMatchObject({ phrases: null, n: 2, words: 5 });
    expect(cannedPhrases(["too short", "too short"], { words: 2 })).toEqual({
      n: 2,
      words: 2,
      phrases: [{ phrase: "too short", responses: 2, occurrences: 2 }],
    });
    expect(cannedPhrases(["one two three four five", "six"]).phrases).toEqual([]);
  });
});

describe("verbosity", () => {
  it("summarises words over all responses and tokens where known", () => {
    const v = verbosity([
      { text: "a" },
      { text: "a b", tokens: 5 },
      { text: "a b c", tokens: null },
      { text: "a b c d" },
      { text: "1 2 3 4 5 6 7 8 9 10", tokens: 7 },
    ]);
    // words [1,2,3,4,10]: mean 4, p50 3, p90 at rank 0.9·4 = 3.6 → 4 + 0.6·(10 − 4) = 7.6, max 10
    expect(v.words).toEqual({ n: 5, mean: 4, p50: 3, p90: expect.closeTo(7.6, 12) as number, max: 10 });
    // tokens [5, 7]: mean 6, p50 6, p90 5 + 0.9·2 = 6.8
    expect(v.tokens).toEqual({ n: 2, mean: 6, p50: 6, p90: expect.closeTo(6.8, 12) as number, max: 7 });
  });
  it("is n/a with a reason when there is nothing to measure", () => {
    expect(verbosity([])).toMatchObject({ words: { n: 0, mean: null }, tokens: { n: 0, mean: null } });
    expect(verbosity([{ text: "" }]).words).toEqual({ n: 1, mean: 0, p50: 0, p90: 0, max: 0 });
    expect(verbosity([{ text: "x" }]).tokens).toMatchObject({ n: 0, reason: "no token counts given" });
  });
});

describe("repetition summary over a run", () => {
  it("averages each metric over the responses it applies to and says how many were left out", () => {
    const s = repetitionSummary([
      { text: "the cat the cat the cat", finishReason: "length" }, // seq-rep-2 0.6, loop ("the cat " × 3)
      { text: "a b c d", finishReason: "stop" }, // seq-rep-2 0
      { text: "", finishReason: "stop" }, // n/a everywhere, no loop
    ]);
    expect(s.seq_rep_2).toEqual({ mean: 0.3, n: 2, leftOut: 1 });
    // seq-rep-4: "a b c d" has one 4-gram (0), the looping one 1/3 → mean 1/6
    expect(s.seq_rep_4.mean).toBeCloseTo(1 / 6, 12);
    // LRS shares: "the cat the cat the cat" — "the cat the cat" (15) repeats at 0 and 8 → 15/23; "a b c d": " " repeats → 1/7
    expect(s.repeated_substring_share.mean).toBeCloseTo((15 / 23 + 1 / 7) / 2, 12);
    expect(s.loop).toMatchObject({ count: 1, n: 3 });
    expect(s.repetition_with_truncation).toMatchObject({ count: 1, n: 3, truncated: 1 });
    expect(repetitionSummary([]).seq_rep_2).toMatchObject({ mean: null, n: 0, reason: "no responses" });
  });
});
