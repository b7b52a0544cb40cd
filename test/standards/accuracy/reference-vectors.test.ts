// Every BLEU, chrF, ROUGE and pass@k case in ../shared/reference/metrics (VECTORS.md), to its stated tolerance.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  bleuFromStats,
  bleuStats,
  corpusBleu,
  sentenceBleu,
  type BleuOptions,
} from "../../../src/standards/accuracy/bleu.js";
import { corpusChrf, sentenceChrf } from "../../../src/standards/accuracy/chrf.js";
import { passAtK } from "../../../src/standards/accuracy/pass-at-k.js";
import { corpusTer } from "../../../src/standards/accuracy/ter.js";
import { rouge, type RougeType } from "../../../src/standards/accuracy/rouge.js";
import { SHARED } from "../../helpers/cli.js";

const DIR = join(SHARED, "reference", "metrics");
const read = <T>(p: string): T => JSON.parse(readFileSync(join(DIR, p), "utf8")) as T;
type Streams = string[][];
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogenous tuples straight from the reference file
const S = read<Record<string, any[]>>("sacrebleu/sacrebleu_test_cases.json");
const close = (actual: number, expected: number, tol: number): void =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
// raw_corpus_bleu: floor smoothing, no tokenization, effective order.
const raw = (smoothValue: number | null): Partial<BleuOptions> => ({
  smoothMethod: "floor",
  smoothValue,
  tokenize: "none",
  effectiveOrder: true,
});

describe("BLEU (sacreBLEU test vectors)", () => {
  it("corpus BLEU with default and other tokenizers/smoothing, 1e-8", () => {
    for (const [hyps, refs, kwargs, expected] of S["test_bleu.test_corpus_bleu_cases"]! as Array<
      [string[], Streams, Record<string, string>, number]
    >) {
      const o: Partial<BleuOptions> = {};
      if (kwargs.tokenize) o.tokenize = kwargs.tokenize as BleuOptions["tokenize"];
      if (kwargs.smooth_method) o.smoothMethod = kwargs.smooth_method as BleuOptions["smoothMethod"];
      close(corpusBleu(hyps, refs, o), expected, 1e-8);
    }
  });

  it("raw corpus BLEU, effective order and statistics", () => {
    for (const [hyps, refs, expected] of S["test_bleu.test_raw_bleu_cases"]! as Array<[string[], Streams, number]>)
      close(corpusBleu(hyps, refs, raw(0.01)) / 100, expected, 1e-8);
    for (const [hyps, refs, expected] of S["test_bleu.test_case_effective_order"]! as Array<
      [string[], Streams, number]
    >)
      close(corpusBleu(hyps, refs, raw(0.01)) / 100, expected, 1e-8);
    for (const [hyps, refs, stats] of S["test_bleu.test_case_statistics"]! as Array<
      [string[], Streams, { common: number[]; total: number[] }]
    >) {
      const s = bleuStats(
        hyps[0]!,
        refs.map((r) => r[0]!),
        raw(0.01),
      );
      expect(s.correct).toEqual(stats.common);
      expect(s.total).toEqual(stats.total);
    }
    for (const [hyps, refs, withFloor, withZero] of S["test_bleu.test_case_offset"]! as Array<
      [string[], Streams, number, number]
    >) {
      close(corpusBleu(hyps, refs, raw(null)) / 100, withFloor, 1e-8);
      close(corpusBleu(hyps, refs, raw(0)) / 100, withZero, 1e-8);
    }
  });

  it("scores from statistics, including degenerate ones", () => {
    for (const [[st, sysLen, refLen], expected] of S["test_bleu.test_case_scoring"]! as Array<
      [[{ common: number[]; total: number[] }, number, number], number]
    >) {
      close(bleuFromStats({ correct: st.common, total: st.total, sysLen, refLen }) / 100, expected, 1e-8);
    }
    for (const [[st, sysLen, refLen], floor, expected] of S["test_bleu.test_case_degenerate_stats"]! as Array<
      [[{ common: number[]; total: number[] }, number, number], number, number]
    >) {
      expect(
        bleuFromStats(
          { correct: st.common, total: st.total, sysLen, refLen },
          { smoothMethod: "floor", smoothValue: floor },
        ) / 100,
      ).toBe(expected);
    }
  });

  it("max n-gram order 1..6 (2 decimals)", () => {
    for (const [order, hyps, refs, expected] of S["test_bleu.test_bleu_max_order"]! as Array<
      [number, string[], Streams, string]
    >) {
      expect(corpusBleu(hyps, refs, { maxNgramOrder: order }).toFixed(2)).toBe(expected);
    }
  });

  it("sentence BLEU with every smoothing, lowercase and tokenizer, 1e-3", () => {
    const [sys, ref, sys0, ref0] = [
      S["test_sentence_bleu.SYS"],
      S["test_sentence_bleu.REF"],
      S["test_sentence_bleu.SYS_0"],
      S["test_sentence_bleu.REF_0"],
    ] as unknown as string[];
    const opts = (m: string, v: number | null, lc: boolean, tok: string): Partial<BleuOptions> => ({
      smoothMethod: m as BleuOptions["smoothMethod"],
      smoothValue: v,
      lowercase: lc,
      tokenize: tok as BleuOptions["tokenize"],
    });
    for (const [m, v, lc, tok, expected] of S["test_sentence_bleu.test_cases"]! as Array<
      [string, number | null, boolean, string, number]
    >)
      close(sentenceBleu(sys!, [ref!], opts(m, v, lc, tok)), expected, 1e-3);
    for (const [m, v, lc, tok, expected] of S["test_sentence_bleu.test_cases_zero_bleu"]! as Array<
      [string, number | null, boolean, string, number]
    >)
      close(sentenceBleu(sys0!, [ref0!], opts(m, v, lc, tok)), expected, 1e-3);
  });
});

describe("chrF (sacreBLEU test vectors)", () => {
  it("corpus chrF, eps smoothing and the older effective-order mode, 1e-4", () => {
    for (const [hyps, refs, expected] of S["test_chrf.test_cases"]! as Array<[string[], string[], number]>)
      close(corpusChrf(hyps, [refs], { beta: 3, epsSmoothing: true }), expected, 1e-4);
    for (const [hyps, refs, expected] of S["test_chrf.test_cases_effective_order"]! as Array<
      [string[], string[], number]
    >)
      close(corpusChrf(hyps, [refs], { beta: 3, epsSmoothing: false }), expected, 1e-4);
  });

  it("keeping whitespace, and sentence chrF", () => {
    for (const [hyps, refs, expected] of S["test_chrf.test_cases_keep_whitespace"]! as Array<
      [string[], string[], number]
    >)
      close(corpusChrf(hyps, [refs], { beta: 3, whitespace: true }), expected, 1e-4);
    for (const [hyp, refs, expected] of S["test_chrf.test_sentence_level_chrf"]! as Array<[string, string[], number]>)
      close(sentenceChrf(hyp, refs, { epsSmoothing: true }), expected, 1e-4);
  });
});

describe("chrF with a reference shorter than the n-gram order", () => {
  // sacreBLEU's _get_match_statistics counts no hypothesis n-grams of an order the reference has
  // none of. Here "ab" has no trigrams, so "abc"'s one trigram is not counted. Summed statistics
  // [hyp, ref, match] per order: 1: [3+4, 2+4, 2+4], 2: [2+3, 1+3, 1+3], 3: [0+2, 2, 2], 4: [1, 1, 1].
  const hyps = ["abc", "abcd"];
  const refs = [["ab", "abcd"]];
  it("effective-order chrF2: precisions 6/7, 4/5, 1, 1 average 32/35, recall 1, so F2 = 5·(32/35)/(4·32/35 + 1) = 160/163", () => {
    close(corpusChrf(hyps, refs), 16000 / 163, 1e-9);
    // Counting that trigram would make order 3's precision 2/3 and the score 1745/1816 (96.09).
    expect(Math.abs(corpusChrf(hyps, refs) - 174500 / 1816)).toBeGreaterThan(1);
  });
  it("eps smoothing: per-order F2 30/31, 20/21, 1, 1, and ~0 for orders 5 and 6, averaged over 6", () => {
    close(corpusChrf(hyps, refs, { epsSmoothing: true }), (100 * (30 / 31 + 20 / 21 + 2)) / 6, 1e-9);
  });
  it("a sentence alone is unchanged (its score depends only on orders both sides have)", () => {
    // Precisions 2/3 and 1/2 average 7/12, recall 1: F2 = 5·(7/12)/(4·7/12 + 1) = 7/8.
    close(sentenceChrf("abc", ["ab"]), 87.5, 1e-9);
  });
});

describe("ROUGE (rouge_score test vectors)", () => {
  type Case = {
    type: RougeType;
    target: string;
    prediction: string;
    precision: number;
    recall: number;
    fmeasure: number;
    places?: number;
  };
  const R = read<{
    simple_cases: Case[];
    "against_ROUGE_1.5.5_line_cases": Record<
      string,
      Array<{ line: number; recall: number; precision: number; fmeasure: number }>
    >;
  }>("rouge/rouge_score_test_cases.json");

  it("simple cases", () => {
    for (const c of R.simple_cases) {
      const s = rouge(c.type, c.target, c.prediction);
      const tol = c.places ? 0.5 * 10 ** -c.places : 1e-12;
      close(s.precision, c.precision, tol);
      close(s.recall, c.recall, tol);
      close(s.fmeasure, c.fmeasure, tol);
    }
  });

  it("against ROUGE-1.5.5 on the test data lines, with and without the Porter stemmer (5 places)", () => {
    const lines = (f: string): string[] => readFileSync(join(DIR, "rouge", f), "utf8").split(/(?<=\n)/);
    const [targets, predictions] = [lines("target.txt"), lines("prediction.txt")];
    let checked = 0;
    for (const [setting, cases] of Object.entries(R["against_ROUGE_1.5.5_line_cases"])) {
      if (setting.startsWith("_")) continue;
      const type = setting.split("_")[0] as RougeType;
      const stem = setting.endsWith("_stem") && !setting.endsWith("no_stem");
      for (const c of cases) {
        const s = rouge(type, targets[c.line]!, predictions[c.line]!, stem);
        close(s.recall, c.recall, 5e-6);
        close(s.precision, c.precision, 5e-6);
        close(s.fmeasure, c.fmeasure, 5e-6);
        checked++;
      }
    }
    expect(checked).toBe(10);
  });
});

describe("pass@k (human-eval estimator)", () => {
  it("matches the published and computed cases exactly", () => {
    const P = read<{
      published: Array<{ n: number; c: number; k?: number; expected: number | Record<string, number> }>;
      computed_with_reference_formula: Array<[number, number, number, number]>;
    }>("passk/passk_cases.json");
    let checked = 0;
    for (const c of P.published) {
      const expected = typeof c.expected === "number" ? { [`pass@${c.k}`]: c.expected } : c.expected;
      for (const [name, value] of Object.entries(expected)) {
        expect(passAtK(c.n, c.c, Number(name.slice(5)))).toBe(value);
        checked++;
      }
    }
    for (const [n, c, k, expected] of P.computed_with_reference_formula) {
      expect(passAtK(n, c, k)).toBe(expected);
      checked++;
    }
    expect(checked).toBe(P.computed_with_reference_formula.length + 3);
  });
});

describe("TER (sacreBLEU test vectors)", () => {
  it("corpus TER equals 100 × the expected rate, 1e-3", () => {
    const cases = S["test_ter.test_cases"]! as Array<[string[], string[], number]>;
    expect(cases.length).toBe(7);
    for (const [hyps, refs, expected] of cases) close(corpusTer(hyps, [refs]), 100 * expected, 1e-3);
  });
});
