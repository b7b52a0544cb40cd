// IFEval parity: the reference's own checker test cases, and the published GPT-4 figures.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/errors.js";
import {
  checkIfevalResponse,
  ifevalInstruction,
  IFEVAL_INSTRUCTIONS,
  looseVariants,
  scoreIfeval,
  type IfevalRow,
} from "../../../src/standards/usability/index.js";
import { SHARED } from "../../helpers/cli.js";

interface RefCase {
  instruction_id: string;
  kwargs: Record<string, unknown>;
  response: string;
  expected: boolean;
  source_test: string;
}

const cases = (
  JSON.parse(readFileSync(join(SHARED, "reference", "metrics", "ifeval", "instructions_test_cases.json"), "utf8")) as {
    cases: RefCase[];
  }
).cases;
const readJsonl = <T>(p: string): T[] =>
  readFileSync(join(SHARED, "datasets", "ifeval", p), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as T);

// Cases whose verdict depends on the sentence splitter or the language detector and is known to
// differ from the reference (docs/usability.md). Empty: all 81 agree. Names are "<source_test>#<n>".
const KNOWN_CASE_DIFFERENCES: readonly string[] = [];

describe("IFEval checkers: the reference's instructions_test.py cases", () => {
  it("covers the 25 instruction ids of IFEval", () => {
    expect(Object.keys(IFEVAL_INSTRUCTIONS).sort()).toEqual([
      "change_case:capital_word_frequency",
      "change_case:english_capital",
      "change_case:english_lowercase",
      "combination:repeat_prompt",
      "combination:two_responses",
      "detectable_content:number_placeholders",
      "detectable_content:postscript",
      "detectable_format:constrained_response",
      "detectable_format:json_format",
      "detectable_format:multiple_sections",
      "detectable_format:number_bullet_lists",
      "detectable_format:number_highlighted_sections",
      "detectable_format:title",
      "keywords:existence",
      "keywords:forbidden_words",
      "keywords:frequency",
      "keywords:letter_frequency",
      "language:response_language",
      "length_constraints:nth_paragraph_first_word",
      "length_constraints:number_paragraphs",
      "length_constraints:number_sentences",
      "length_constraints:number_words",
      "punctuation:no_comma",
      "startend:end_checker",
      "startend:quotation",
    ]);
  });

  it("gives the expected verdict on all 81 cases", () => {
    expect(cases).toHaveLength(81);
    const seen = new Map<string, number>();
    const wrong: string[] = [];
    for (const c of cases) {
      const n = seen.get(c.source_test) ?? 0;
      seen.set(c.source_test, n + 1);
      const name = `${c.source_test}#${n}`;
      // The reference test calls check_following directly: no empty-response rule, no prompt.
      const got = ifevalInstruction(c.instruction_id).bind(c.instruction_id, c.kwargs, "")(c.response);
      if (got !== c.expected && !KNOWN_CASE_DIFFERENCES.includes(name))
        wrong.push(`${name} (${c.instruction_id}): expected ${c.expected}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe("IFEval modes and errors", () => {
  it("builds the reference's eight loose variants", () => {
    // first line, middle, last line; the removed-line variants are stripped, as in evaluation_lib.
    expect(looseVariants("*Title*\n body *x* \nend")).toEqual([
      "*Title*\n body *x* \nend",
      "body *x* \nend",
      "*Title*\n body *x*",
      "body *x*",
      "Title\n body x \nend",
      "body x \nend",
      "Title\n body x",
      "body x",
    ]);
  });

  it("never passes a blank response, even on checks an empty text would satisfy", () => {
    const v = checkIfevalResponse({
      prompt: "p",
      instruction_id_list: ["punctuation:no_comma", "keywords:forbidden_words"],
      kwargs: [{}, { forbidden_words: ["x"] }],
      response: " \n ",
    });
    expect(v.instructions.map((i) => [i.strict, i.loose])).toEqual([
      [false, false],
      [false, false],
    ]);
  });

  it("passes loose only through a variant: a first line 'Sure, here it is:' spoils no_comma strictly", () => {
    const v = checkIfevalResponse({
      prompt: "p",
      instruction_id_list: ["punctuation:no_comma"],
      kwargs: [{}],
      response: "Sure, here it is:\nNo commas here",
    });
    expect(v.instructions[0]).toEqual({ id: "punctuation:no_comma", strict: false, loose: true });
  });

  it("rejects an unknown instruction id and bad kwargs with an error naming the id", () => {
    const row = (id: string, kwargs: unknown): IfevalRow => ({
      prompt: "p",
      instruction_id_list: [id],
      kwargs: [kwargs],
      response: "r",
    });
    expect(() => checkIfevalResponse(row("keywords:nope", {}))).toThrow(UserError);
    expect(() => checkIfevalResponse(row("keywords:nope", {}))).toThrow(/keywords:nope/);
    expect(() =>
      checkIfevalResponse(row("length_constraints:number_words", { num_words: 5, relation: "at most" })),
    ).toThrow(/length_constraints:number_words/);
    expect(() => checkIfevalResponse(row("length_constraints:number_words", { num_words: 5 }))).toThrow(/relation/);
    expect(() => checkIfevalResponse(row("punctuation:no_comma", { extra: 1 }))).toThrow(/punctuation:no_comma/);
  });

  it("ignores null-valued kwargs, as the Hugging Face copy of the dataset pads them", () => {
    const v = checkIfevalResponse({
      prompt: "p",
      instruction_id_list: ["detectable_format:title"],
      kwargs: [{ num_words: null, relation: null }],
      response: "<<T>> body",
    });
    expect(v.strict).toBe(true);
  });

  it("summarises with Wilson intervals: 1 of 2 prompts, 2 of 3 instructions", () => {
    const s = scoreIfeval([
      {
        prompt: "a",
        instruction_id_list: ["punctuation:no_comma", "detectable_format:title"],
        kwargs: [{}, {}],
        response: "<<T>> no commas",
      },
      { prompt: "b", instruction_id_list: ["punctuation:no_comma"], kwargs: [{}], response: "a, b" },
    ]);
    expect(s.prompt_strict).toMatchObject({ value: 0.5, n: 2, passed: 1, ci_method: "wilson" });
    expect(s.inst_strict).toMatchObject({ n: 3, passed: 2 });
    expect(s.inst_strict.value).toBeCloseTo(2 / 3, 12);
    // Wilson 95 % for 1/2, worked by hand: centre (0.5 + z²/4)/(1 + z²/2) = 0.5, half-width 1.96·√(0.125 + z²/16)/(1 + z²/2) = 0.4055.
    expect(s.prompt_strict.ci95[0]).toBeCloseTo(0.0945, 3);
    expect(s.prompt_strict.ci95[1]).toBeCloseTo(0.9055, 3);
    expect(s.by_instruction["punctuation:no_comma"]?.strict).toMatchObject({ n: 2, passed: 1 });
    expect(s.by_group["detectable_format"]?.strict).toMatchObject({ n: 1, passed: 1 });
  });
});

interface InputRow {
  key: number;
  prompt: string;
  instruction_id_list: string[];
  kwargs: unknown[];
}

// Instructions where our verdict on the GPT-4 responses is known to differ from the reference
// run's (its per-instruction output, read row by row; docs/usability.md): the detector is franc-min,
// the reference's langdetect.
const KNOWN_DIFFERENCES: ReadonlyArray<{ key: number; id: string; reference: boolean }> = [
  { key: 279, id: "change_case:english_lowercase", reference: true }, // a lowercase haiku franc calls Dutch
  { key: 3502, id: "language:response_language", reference: true }, // Finnish: franc-min has no Finnish model
  { key: 3617, id: "change_case:english_capital", reference: true }, // "1. PIXEL PRODIGY ..." franc calls Spanish
  { key: 3456, id: "change_case:english_capital", reference: false }, // 100 all-caps names langdetect did not call English
];

describe("IFEval on the 541 published GPT-4 responses", () => {
  const inputs = readJsonl<InputRow>("input_data.jsonl");
  const responses = readJsonl<{ prompt: string; response: string }>("input_response_data_gpt4_20231107_145030.jsonl");
  const byPrompt = new Map(responses.map((r) => [r.prompt, r.response]));
  // The GPT-4 run answered an earlier wording of key 2785 ("at least one placeholder"); the
  // reference scored that answer with this row's kwargs (google-research's
  // input_data_gpt4_20231107_145030.jsonl has the old wording and num_placeholders 3).
  const OLD_WORDING: Readonly<Record<number, [string, string]>> = {
    2785: ["at least 3 placeholders", "at least one placeholder"],
  };

  const unmatched = inputs.filter((r) => !byPrompt.has(r.prompt));
  const rows: Array<IfevalRow & { key: number }> = inputs.map((r) => {
    const old = OLD_WORDING[r.key];
    const response = byPrompt.get(r.prompt) ?? (old ? byPrompt.get(r.prompt.replace(old[0], old[1])) : undefined);
    if (response === undefined) throw new Error(`no GPT-4 response for key ${r.key}`);
    return { ...r, response };
  });

  it("joins by prompt text: every prompt but the one re-worded one has its response", () => {
    expect(inputs).toHaveLength(541);
    expect(responses).toHaveLength(541);
    expect(unmatched.map((r) => r.key)).toEqual([2785]);
  });

  it("differs from the reference run exactly where listed", () => {
    for (const d of KNOWN_DIFFERENCES) {
      const row = rows.find((r) => r.key === d.key);
      const verdict = row && checkIfevalResponse(row).instructions.find((i) => i.id === d.id);
      expect(verdict?.strict, `${d.key} ${d.id}`).toBe(!d.reference);
    }
  });

  // 416 published; minus the 3 listed prompts the reference passes and we fail; plus the 1 listed
  // the other way round; plus 1 not located in the reference rows read (docs/usability.md: the
  // reference output compared against may itself differ from the published run, langdetect being
  // unseeded).
  it("scores prompt-level strict 415/541: the published 416 −3 +1 listed, +1 not located", () => {
    const s = scoreIfeval(rows);
    expect(s.prompt_strict.n).toBe(541);
    expect(s.prompt_strict.passed).toBe(416 - 3 + 1 + 1);
    expect(s.inst_strict.n).toBe(834);
    // The one Finnish request is the only language franc-min cannot answer.
    expect(s.language.undetectable_requests).toEqual({ fi: 1 });
  });
});
