import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { parsePerturbations } from "../../src/perturb/spec.js";
import { PERTURBATIONS } from "../../src/perturb/table.js";
import { perturbItem, perturbItemAsync } from "../../src/perturb/apply.js";
import { DEFAULT_FORMAT, textItem, type PerturbItem } from "../../src/perturb/item.js";
import { SHARED } from "../helpers/cli.js";

function userError(list: string): string {
  try {
    parsePerturbations(list);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as Error).message;
  }
  throw new Error(`"${list}" parsed`);
}

describe("spec list", () => {
  it("parses the issue's example, filling in defaults", () => {
    const ps = parsePerturbations("typo:0.1,lowercase,contraction,filler:0.3,unicode,format,choice-order");
    expect(ps.map((p) => p.spec)).toEqual([
      "typo:0.1",
      "lowercase",
      "contraction",
      "filler:0.3",
      "unicode",
      "format:6",
      "choice-order:all",
    ]);
    expect(ps.map((p) => p.family)).toEqual(["char", "char", "word", "word", "unicode", "format", "content"]);
    expect(ps[0]?.params).toEqual({ P: 0.1 });
    expect(parsePerturbations(" space:2 , choice-order:3 ").map((p) => p.params)).toEqual([{ MAX: 2 }, { K: 3 }]);
  });

  it("names the valid perturbations for an unknown one", () => {
    const m = userError("typo:0.1,typoo");
    expect(m).toContain('unknown perturbation "typoo"');
    expect(m).toContain(`valid: ${PERTURBATIONS.map((p) => p.name).join(", ")}`);
  });

  it("says which parameter is wrong and what it must be", () => {
    expect(userError("typo:2")).toBe('perturbation "typo:2": P must be a probability in [0, 1]');
    expect(userError("typo:abc")).toContain("P must be a probability in [0, 1]");
    expect(userError("typo:")).toContain("P must be");
    expect(userError("space:0")).toContain("MAX must be a whole number ≥ 1");
    expect(userError("space:1.5")).toContain("MAX must be a whole number ≥ 1");
    expect(userError("format:7")).toContain("K must be a whole number from 1 to 6");
    expect(userError("choice-order:0")).toContain('K must be "all" or a whole number ≥ 1');
    expect(userError("labels:fancy")).toContain("STYLE must be one of none, plain, upper, markdown");
    expect(userError("lowercase:1")).toContain('"lowercase" takes no parameter');
  });

  it("rejects empty lists, empty entries and repeats", () => {
    expect(userError("")).toContain("no perturbation given");
    expect(userError("typo,,lowercase")).toContain("empty entry");
    expect(userError("typo:0.05,typo")).toContain("typo:0.05 is listed twice");
  });
});

const ITEM: PerturbItem = {
  question:
    "Because their neighbour will not answer, Sam types the question again. Do not worry; it is basically fine. Why would he wait?",
  options: ["He is patient.", "He is not.", "He cannot tell.", "He would rather not."],
  instruction: "Answer with the letter.",
  system: "Be brief.",
  gold: { kind: "choice", index: 2 },
  format: DEFAULT_FORMAT,
};

/** Perturbations whose output depends on the seed, with parameters that make a change near certain. */
const RANDOM = [
  "typo:0.5",
  "misspelling:0.5",
  "space:3",
  "filler:0.5",
  "mild-mix",
  "zero-width:0.5",
  "homoglyph:0.5",
  "combining:0.5",
  "nbsp:0.5",
  "unicode",
  "distractor",
  "choice-order:3",
  "injection",
];

describe("determinism", () => {
  it("gives byte-identical output for the same seed, for every perturbation", () => {
    for (const p of PERTURBATIONS) {
      if (p.name === "paraphrase") continue;
      const [parsed] = parsePerturbations(p.name);
      if (!parsed) throw new Error(p.name);
      expect(JSON.stringify(perturbItem(ITEM, parsed, 7))).toBe(JSON.stringify(perturbItem(ITEM, parsed, 7)));
    }
  });

  it("changes with the seed for the random ones", () => {
    for (const spec of RANDOM) {
      const [p] = parsePerturbations(spec);
      if (!p) throw new Error(spec);
      const outs = new Set(
        [1, 2, 3, 4, 5, 6].map((seed) => JSON.stringify(perturbItem(ITEM, p, seed).map((v) => v.item))),
      );
      expect(outs.size, spec).toBeGreaterThan(1);
    }
  });

  it("draws from the perturbation's own stream, createRng(mixSeed(seed, fnv1a(spec)))", () => {
    // For seed 7 and spec "typo:0.5" that stream starts .1914 .5098 .2632 .6279 .2589 .6191
    // (computed outside infermark from the mulberry32, mixSeed and FNV-1a definitions).
    // a: .1914 < .5 → "qwsz"[⌊.5098·4⌋ = 2] = s; b: .2632 → "vghn"[⌊.6279·4⌋ = 2] = h;
    // c: .2589 → "xdfv"[⌊.6191·4⌋ = 2] = f.
    const [p] = parsePerturbations("typo:0.5");
    if (!p) throw new Error("typo");
    expect(perturbItem(textItem("abc"), p, 7)[0]?.item.question).toBe("shf");
  });

  it("describes each variant for the record", () => {
    const [p] = parsePerturbations("choice-order:2");
    if (!p) throw new Error("choice-order");
    expect(perturbItem(ITEM, p, 11).map((v) => v.description)).toEqual([
      { name: "choice-order", family: "content", params: { K: 2 }, seed: 11, variant: 0, label: "choice-order:2#0" },
      { name: "choice-order", family: "content", params: { K: 2 }, seed: 11, variant: 1, label: "choice-order:2#1" },
    ]);
  });
});

describe("numbers in math problems", () => {
  it("no text or unicode perturbation changes a digit or a number word of a GSM8K question", () => {
    const lines = readFileSync(join(SHARED, "datasets", "gsm8k", "test.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .slice(0, 30);
    const questions = lines.map((l) => (JSON.parse(l) as { question: string }).question);
    const numbers = (s: string) =>
      s.match(
        /\d+|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|hundred|half|twice|dozen)\b/gi,
      ) ?? [];
    const specs = PERTURBATIONS.filter((p) => ["char", "word", "unicode"].includes(p.family)).map((p) =>
      p.param && typeof p.param.default === "number" && p.param.name === "P" ? `${p.name}:1` : p.name,
    );
    for (const spec of specs) {
      const [p] = parsePerturbations(spec);
      if (!p) throw new Error(spec);
      questions.forEach((q, i) => {
        const [v] = perturbItem(textItem(q), p, i);
        const out = v?.item.question ?? "";
        // Case perturbations may change a number word's case, not its letters.
        expect(
          numbers(out).map((n) => n.toLowerCase()),
          `${spec} on question ${i}`,
        ).toEqual(numbers(q).map((n) => n.toLowerCase()));
      });
    }
  });
});

describe("paraphrase", () => {
  it("is refused without a paraphraser and applies one when given", async () => {
    const [p] = parsePerturbations("paraphrase");
    if (!p) throw new Error("paraphrase");
    expect(() => perturbItem(ITEM, p, 1)).toThrow(UserError);
    const seen: number[] = [];
    const out = await perturbItemAsync(ITEM, p, 1, (text, { seed }) => {
      seen.push(seed);
      return Promise.resolve(`In other words: ${text}`);
    });
    expect(out).toHaveLength(1);
    expect(out[0]?.item.question).toBe(`In other words: ${ITEM.question}`);
    expect(out[0]?.item.options).toEqual(ITEM.options);
    expect(out[0]?.item.gold).toEqual(ITEM.gold);
    // The seed handed over comes from the item's stream: the same call gives the same seed.
    await perturbItemAsync(ITEM, p, 1, (text, { seed }) => {
      seen.push(seed);
      return Promise.resolve(text);
    });
    expect(seen[0]).toBe(seen[1]);
  });
});
