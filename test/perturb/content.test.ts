import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/stats/rng.js";
import { distractor, injection, reorder, sentenceBoundaries } from "../../src/perturb/content.js";
import { allReorderings, seededReorderings } from "../../src/perturb/permutations.js";
import { DISTRACTORS, INJECTIONS } from "../../src/perturb/phrases.js";
import { textItem, DEFAULT_FORMAT, type PerturbItem } from "../../src/perturb/item.js";
import { goldLabel, chosenOption } from "../../src/perturb/render.js";
import { parsePerturbations } from "../../src/perturb/spec.js";
import { itemSeed, perturbItem } from "../../src/perturb/apply.js";
import { loadPreset } from "../../src/workloads/tasks/presets.js";
import { LETTERS } from "../../src/workloads/tasks/task.js";
import { SHARED } from "../helpers/cli.js";

// createRng(1) draws .6271 .0027 .5274 .9811 … (checked in text-noise.test.ts).

const MC: PerturbItem = {
  question: "Pick x.",
  options: ["w", "x", "y"],
  instruction: null,
  system: null,
  gold: { kind: "choice", index: 1 },
  format: DEFAULT_FORMAT,
};

describe("distractor", () => {
  const q = "Tom has 3 apples. He eats one. How many are left?";

  it("finds the start, the end and each sentence end outside protected text", () => {
    // "." at 16 and 29 are followed by spaces: boundaries 17 and 30; the text is 49 long.
    expect(sentenceBoundaries(q)).toEqual([0, 17, 30, 49]);
    // The "." in 3.5 is inside a number token; only the one after "kg" counts.
    expect(sentenceBoundaries("It weighs 3.5 kg. Next")).toEqual([0, 17, 22]);
  });

  it("inserts one listed sentence at a drawn boundary", () => {
    // Boundary ⌊.6271·4⌋ = 2 → 30; sentence ⌊.0027·16⌋ = 0.
    const out = distractor(textItem(q), createRng(1));
    expect(out.question).toBe(`Tom has 3 apples. He eats one. ${DISTRACTORS[0]} How many are left?`);
    expect(DISTRACTORS.every((s) => !/\d/.test(s))).toBe(true);
  });
});

describe("choice order", () => {
  it("lists every non-identity order lexicographically", () => {
    expect(allReorderings(3)).toEqual([
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ]);
    expect(allReorderings(4)).toHaveLength(23);
  });

  it("draws K distinct non-identity orders by Fisher–Yates", () => {
    // First shuffle: i=2, j=⌊.6271·3⌋=1 → [0,2,1]; i=1, j=⌊.0027·2⌋=0 → [2,0,1].
    // Second: i=2, j=⌊.5274·3⌋=1 → [0,2,1]; i=1, j=⌊.9811·2⌋=1 → stays [0,2,1].
    expect(seededReorderings(3, 2, createRng(1))).toEqual([
      [2, 0, 1],
      [0, 2, 1],
    ]);
    expect(seededReorderings(3, 50, createRng(1))).toHaveLength(5);
  });

  it("moves the gold with its option", () => {
    // New order [1,2,0]: options x, y, w; x (old 1) is now at 0 → A.
    const r = reorder(MC, [1, 2, 0]);
    expect(r.options).toEqual(["x", "y", "w"]);
    expect(r.gold).toEqual({ kind: "choice", index: 0 });
    expect(goldLabel(r)).toBe("A");
    // Answering the same letter reads another option; answering the same content is the gold.
    expect(chosenOption(r, 1)).toBe("y");
    expect(chosenOption(MC, 1)).toBe("x");
  });

  it("gives no variant to an item with fewer than two options", () => {
    const [p] = parsePerturbations("choice-order");
    if (!p) throw new Error("no perturbation");
    expect(perturbItem(textItem("free text"), p, 1)).toEqual([]);
  });

  it("remaps the gold letter on an MMLU slice: the option at the new gold letter is the original gold option", () => {
    const task = loadPreset("mmlu", join(SHARED, "datasets", "mmlu", "test", "abstract_algebra_test.csv"), 0);
    const slice = task.items.slice(0, 25);
    expect(slice).toHaveLength(25);
    let checked = 0;
    for (const spec of ["choice-order", "choice-order:5"]) {
      const [p] = parsePerturbations(spec);
      if (!p) throw new Error("no perturbation");
      for (const t of slice) {
        const letter = String(t.targets[0]);
        if (typeof t.input !== "string") throw new Error("MMLU items are text");
        const item: PerturbItem = {
          question: t.input,
          options: t.choices,
          instruction: "Answer with the letter.",
          system: null,
          gold: { kind: "choice", index: LETTERS.indexOf(letter) },
          format: DEFAULT_FORMAT,
        };
        const goldText = t.choices[LETTERS.indexOf(letter)];
        expect(goldText).toBeDefined();
        const variants = perturbItem(item, p, itemSeed(0, t.id));
        expect(variants).toHaveLength(spec === "choice-order" ? 23 : 5);
        for (const v of variants) {
          const newLetter = goldLabel(v.item);
          expect(newLetter).toMatch(/^[A-D]$/);
          expect(v.item.options[LETTERS.indexOf(newLetter ?? "")]).toBe(goldText);
          expect([...v.item.options].sort()).toEqual([...t.choices].sort());
          expect(v.item.question).toBe(item.question);
          checked++;
        }
        expect(new Set(variants.map((v) => v.item.options.join("\u0000"))).size).toBe(variants.length);
      }
    }
    expect(checked).toBe(25 * (23 + 5));
  });
});

describe("injection", () => {
  it("appends one listed instruction to the question and leaves the gold", () => {
    // ⌊.6271·5⌋ = 3.
    const out = injection(MC, createRng(1));
    expect(out.question).toBe(`Pick x.\n\n${INJECTIONS[3]}`);
    expect(out.gold).toEqual(MC.gold);
    expect(out.options).toEqual(MC.options);
  });
});
