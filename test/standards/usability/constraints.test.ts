// Verifiable constraints for task YAML (issue 13 §2): one registry, zod-checked parameters, strict verdicts.
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { allPassed, checkConstraints, parseConstraints } from "../../../src/standards/usability/constraints/check.js";
import { CONSTRAINTS, CONSTRAINT_TYPES } from "../../../src/standards/usability/constraints/registry.js";
import {
  countCharacters,
  countSentences,
  countSyllables,
  fleschKincaidGrade,
} from "../../../src/standards/usability/constraints/text-stats.js";
import { countListItems, countTables } from "../../../src/standards/usability/constraints/markdown.js";
import { UserError } from "../../../src/errors.js";

/** Verdict of a single constraint spec on a text. */
const verdict = (spec: Record<string, unknown>, text: string, tokens?: number) => {
  const [v] = checkConstraints(text, parseConstraints([spec]), { tokens });
  if (v === undefined) throw new Error("no verdict");
  return v.verdict;
};

describe("spec validation", () => {
  it("reads a YAML list into checkers with defaults filled in", () => {
    const specs: unknown = parseYaml(`
- type: length
  unit: words
  max: 5
- type: contains
  phrases: [Paris]
- type: no_urls
`);
    const cs = parseConstraints(specs);
    expect(cs.map((c) => c.type)).toEqual(["length", "contains", "no_urls"]);
    expect(cs[1]?.params).toEqual({ phrases: ["Paris"], match: "all", case_sensitive: false });
    const v = checkConstraints("The capital is paris.", cs);
    expect(v).toEqual([
      { index: 0, type: "length", verdict: "pass", detail: "4 words (max 5)" },
      { index: 1, type: "contains", verdict: "pass", detail: "all phrases present" },
      { index: 2, type: "no_urls", verdict: "pass", detail: "no URL" },
    ]);
    expect(allPassed(v)).toBe(true);
  });
  it("names the entry and the constraint in every error, all at once", () => {
    const bad = [
      { type: "lenght", unit: "words", max: 3 },
      { type: "length", unit: "paragraphs", max: 3 },
      { type: "length", unit: "words" },
      { type: "length", unit: "words", min: 5, max: 2 },
      { type: "regex", pattern: "(unclosed" },
      { type: "json_schema", schema: { type: "objekt" } },
      { type: "no_urls", strict: true },
      "max 3 words",
    ];
    let message = "";
    try {
      parseConstraints(bad);
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      message = e instanceof Error ? e.message : "";
    }
    const lines = message.split("\n");
    expect(lines).toHaveLength(8);
    expect(lines[0]).toMatch(/^constraints\[0\]: unknown constraint type "lenght"; known: length, /);
    expect(lines[1]).toMatch(/^constraints\[1\] \(length\): .*unit/);
    expect(lines[2]).toMatch(/^constraints\[2\] \(length\): .*give min, max or both/);
    expect(lines[3]).toMatch(/^constraints\[3\] \(length\): .*min is greater than max/);
    expect(lines[4]).toMatch(/^constraints\[4\] \(regex\): .*not a valid regular expression/);
    expect(lines[5]).toMatch(/^constraints\[5\] \(json_schema\): .*not a usable JSON Schema/);
    expect(lines[6]).toMatch(/^constraints\[6\] \(no_urls\): .*strict/);
    expect(lines[7]).toMatch(/^constraints\[7\]: expected an object with a "type"/);
    expect(() => parseConstraints({ type: "length" })).toThrow(/expected a list/);
    expect(parseConstraints([])).toEqual([]);
  });
  it("has one registry entry per documented type, each with a zod schema", () => {
    expect(CONSTRAINT_TYPES).toEqual([
      "length",
      "contains",
      "not_contains",
      "regex",
      "starts_with",
      "ends_with",
      "casing",
      "json",
      "json_schema",
      "markdown_tables",
      "markdown_list_items",
      "no_urls",
      "reading_level",
      "language",
    ]);
    for (const t of CONSTRAINT_TYPES) expect(typeof CONSTRAINTS[t].schema.safeParse).toBe("function");
    expect(() => parseConstraints([{ type: "toString" }])).toThrow(/unknown constraint type "toString"/);
  });
});

describe("length", () => {
  it("counts words, sentences, characters and tokens against min/max", () => {
    expect(verdict({ type: "length", unit: "words", min: 3, max: 3 }, "one two  three")).toBe("pass");
    expect(verdict({ type: "length", unit: "words", max: 2 }, "one two three")).toBe("fail");
    expect(verdict({ type: "length", unit: "sentences", min: 2 }, "Hi. How are you?")).toBe("pass");
    expect(verdict({ type: "length", unit: "characters", max: 3 }, "e\u0301👍🏽x")).toBe("pass"); // 3 graphemes, 7 UTF-16 units
    expect(verdict({ type: "length", unit: "tokens", max: 10 }, "whatever", 11)).toBe("fail");
    expect(verdict({ type: "length", unit: "tokens", max: 10 }, "whatever")).toBe("n/a");
    expect(verdict({ type: "length", unit: "words", min: 1 }, "")).toBe("fail");
    expect(verdict({ type: "length", unit: "words", max: 0 }, "  ")).toBe("pass");
  });
  it("splits sentences at terminal punctuation followed by space, not inside numbers", () => {
    expect(countSentences("Hello world. How are you? Fine!")).toBe(3);
    expect(countSentences("It costs 3.5 dollars.")).toBe(1);
    expect(countSentences("No terminator at all")).toBe(1);
    expect(countSentences("“Quoted.” Then more.")).toBe(2);
    expect(countSentences("猫が好き。犬も好き。")).toBe(2);
    expect(countSentences("Title\n\nBody text")).toBe(2);
    expect(countSentences("... !!! ")).toBe(0);
    expect(countSentences("")).toBe(0);
    expect(countCharacters("")).toBe(0);
  });
});

describe("contains, not_contains, regex, starts/ends with, casing", () => {
  it("contains: all or any, case-folded on both sides by default", () => {
    expect(verdict({ type: "contains", phrases: ["PARIS", "france"] }, "Paris is in France")).toBe("pass");
    expect(verdict({ type: "contains", phrases: ["Paris", "Lyon"] }, "Paris")).toBe("fail");
    expect(verdict({ type: "contains", phrases: ["Paris", "Lyon"], match: "any" }, "Paris")).toBe("pass");
    expect(verdict({ type: "contains", phrases: ["Paris"], case_sensitive: true }, "paris")).toBe("fail");
    // "é" precomposed in the phrase, decomposed in the response: NFC on both sides
    expect(verdict({ type: "contains", phrases: ["café"] }, "un cafe\u0301 noir")).toBe("pass");
  });
  it("not_contains fails on any listed phrase", () => {
    expect(verdict({ type: "not_contains", phrases: ["sorry", "as an ai"] }, "As an AI, I think so")).toBe("fail");
    expect(verdict({ type: "not_contains", phrases: ["sorry"] }, "Fine.")).toBe("pass");
  });
  it("regex searches anywhere unless anchored, and can forbid a match", () => {
    expect(verdict({ type: "regex", pattern: "\\d{3}-\\d{4}" }, "call 555-1234 now")).toBe("pass");
    expect(verdict({ type: "regex", pattern: "^\\d+$" }, "call 555")).toBe("fail");
    expect(verdict({ type: "regex", pattern: "^answer:", flags: "im" }, "intro\nANSWER: 4")).toBe("pass");
    expect(verdict({ type: "regex", pattern: "TODO", must_match: false }, "all done")).toBe("pass");
    expect(() => parseConstraints([{ type: "regex", pattern: "a", flags: "g" }])).toThrow(/flags may only be/);
  });
  it("starts_with / ends_with ignore surrounding whitespace of the response only", () => {
    expect(verdict({ type: "starts_with", text: "Answer:" }, "\n  Answer: 4")).toBe("pass");
    expect(verdict({ type: "starts_with", text: "answer:" }, "Answer: 4")).toBe("fail");
    expect(verdict({ type: "starts_with", text: "answer:", case_sensitive: false }, "Answer: 4")).toBe("pass");
    expect(verdict({ type: "ends_with", text: "Is there anything else?" }, "Done. Is there anything else?\n")).toBe(
      "pass",
    );
    expect(verdict({ type: "ends_with", text: "else?" }, "Done. else? No")).toBe("fail");
    expect(verdict({ type: "starts_with", text: "x" }, "")).toBe("fail");
  });
  it("casing looks at every letter in any script", () => {
    expect(verdict({ type: "casing", case: "lower" }, "all lower, 123 ß é")).toBe("pass");
    expect(verdict({ type: "casing", case: "lower" }, "not Lower")).toBe("fail");
    expect(verdict({ type: "casing", case: "lower" }, "ελληνικά Σ")).toBe("fail");
    expect(verdict({ type: "casing", case: "upper" }, "ALL CAPS! 42")).toBe("pass");
    expect(verdict({ type: "casing", case: "upper" }, "ALMOST ALL CAPs")).toBe("fail");
    expect(verdict({ type: "casing", case: "upper" }, "猫")).toBe("pass"); // no cased letter at all
  });
});

describe("json, json_schema", () => {
  it("json is / contains", () => {
    expect(verdict({ type: "json" }, '```json\n{"a": 1}\n```')).toBe("pass");
    expect(verdict({ type: "json" }, 'Here: {"a": 1}')).toBe("fail");
    expect(verdict({ type: "json", mode: "contains" }, 'Here: {"a": 1}')).toBe("pass");
  });
  it("json_schema validates the parsed value", () => {
    const schema = { type: "object", required: ["answer"], properties: { answer: { type: "number" } } };
    expect(verdict({ type: "json_schema", schema }, '{"answer": 4}')).toBe("pass");
    expect(verdict({ type: "json_schema", schema }, '{"answer": "4"}')).toBe("fail");
    expect(verdict({ type: "json_schema", schema }, "four")).toBe("fail");
    expect(verdict({ type: "json_schema", schema, mode: "contains" }, 'So {"x": 1} and {"answer": 4}')).toBe("pass");
    const [v] = checkConstraints('{"answer": "4"}', parseConstraints([{ type: "json_schema", schema }]));
    expect(v?.detail).toBe("/answer: must be number");
  });
});

describe("markdown tables and list items", () => {
  const doc = [
    "| a | b |",
    "|---|:-:|",
    "| 1 | 2 |",
    "",
    "Not a table | just a pipe",
    "---",
    "- one",
    "* two",
    "  + nested three",
    "1. first",
    "2) second",
    "- - -",
    "-not an item",
    "```",
    "| x | y |",
    "|---|---|",
    "- code, not a list",
    "```",
    "x | y",
    "--|--",
  ].join("\n");
  it("counts tables (header + matching delimiter row) and items outside code", () => {
    // tables: lines 1–2 and the last two (GFM allows no outer pipes); the fenced one and "…|…\n---" are not
    expect(countTables(doc)).toBe(2);
    expect(countListItems(doc)).toBe(5);
    expect(countListItems(doc, "bullet")).toBe(3);
    expect(countListItems(doc, "numbered")).toBe(2);
    expect(countTables("| a | b |\n|---|")).toBe(0); // cell counts differ
    expect(countTables("")).toBe(0);
  });
  it("as constraints", () => {
    expect(verdict({ type: "markdown_tables", min: 1 }, doc)).toBe("pass");
    expect(verdict({ type: "markdown_list_items", kind: "numbered", min: 3 }, doc)).toBe("fail");
    expect(verdict({ type: "markdown_list_items", max: 0 }, "plain text")).toBe("pass");
  });
});

describe("language", () => {
  it("passes on the asked language, fails on another, and cannot judge a text without letters", () => {
    const de = { type: "language", language: "de" };
    expect(verdict(de, "Der Hund schläft im Garten und die Katze spielt mit dem Ball.")).toBe("pass");
    expect(verdict(de, "The dog sleeps in the garden and the cat plays with the ball.")).toBe("fail");
    expect(verdict({ type: "language", language: "fr" }, "Le chien dort dans le jardin et le chat joue.")).toBe("pass");
    expect(verdict(de, "12345 !!! 678")).toBe("n/a");
    expect(verdict(de, "")).toBe("n/a");
  });
  it("refuses a code the detector cannot answer, naming the ones it can", () => {
    expect(() => parseConstraints([{ type: "language", language: "english" }])).toThrow(/one of .*\ben\b/);
    expect(() => parseConstraints([{ type: "language", language: "fi" }])).toThrow(UserError);
  });
});

describe("no_urls", () => {
  it("flags scheme URLs and www. hosts, not bare domains or file names", () => {
    expect(verdict({ type: "no_urls" }, "see https://example.com/x")).toBe("fail");
    expect(verdict({ type: "no_urls" }, "see FTP://host/file")).toBe("fail");
    expect(verdict({ type: "no_urls" }, "visit www.example.org today")).toBe("fail");
    expect(verdict({ type: "no_urls" }, "edit config.yaml and example.com")).toBe("pass");
    expect(verdict({ type: "no_urls" }, "")).toBe("pass");
  });
});

describe("reading level (Flesch–Kincaid grade)", () => {
  it("counts syllables by the documented rule", () => {
    expect(
      [
        "the",
        "cat",
        "make",
        "table",
        "people",
        "played",
        "wanted",
        "makes",
        "boxes",
        "reading",
        "comprehension",
        "café",
        "42",
        "猫",
      ].map(countSyllables),
    ).toEqual([1, 1, 1, 2, 2, 1, 2, 1, 2, 2, 4, 2, 1, 1]);
  });
  it("computes the grade from words, sentences and syllables", () => {
    // "The cat sat on the mat.": W = 6, S = 1, Y = 6 → 0.39·6 + 11.8·1 − 15.59 = −1.45
    const easy = fleschKincaidGrade("The cat sat on the mat.");
    expect(easy).toMatchObject({ words: 6, sentences: 1, syllables: 6 });
    expect(easy.grade).toBeCloseTo(-1.45, 10);
    // "Reading comprehension requires considerable concentration.": syllables 2 + 4 + 2 (re-quires: e, ui, e − "es") + 5 (…ble keeps its e) + 4 = 17
    // → 0.39·5 + 11.8·17/5 − 15.59 = 1.95 + 40.12 − 15.59 = 26.48
    const hard = fleschKincaidGrade("Reading comprehension requires considerable concentration.");
    expect(hard).toMatchObject({ words: 5, sentences: 1, syllables: 17 });
    expect(hard.grade).toBeCloseTo(26.48, 10);
    expect(fleschKincaidGrade("... !!!")).toEqual({ grade: null, reason: "no words" });
  });
  it("as a constraint, n/a when there is nothing to grade", () => {
    expect(verdict({ type: "reading_level", max: 8 }, "The cat sat on the mat.")).toBe("pass");
    expect(
      verdict({ type: "reading_level", max: 8 }, "Reading comprehension requires considerable concentration."),
    ).toBe("fail");
    expect(verdict({ type: "reading_level", min: 0 }, "The cat sat on the mat.")).toBe("fail");
    expect(verdict({ type: "reading_level", max: 8 }, " ")).toBe("n/a");
    const [v] = checkConstraints("x", parseConstraints([{ type: "reading_level", max: 8 }]));
    expect(allPassed(v === undefined ? [] : [v])).toBe(v?.verdict === "pass");
  });
});
