import { describe, expect, it } from "vitest";
import { DEFAULT_FORMAT, type PerturbItem } from "../../src/perturb/item.js";
import { goldLabel, renderItem } from "../../src/perturb/render.js";
import { parsePerturbations } from "../../src/perturb/spec.js";
import { perturbItem } from "../../src/perturb/apply.js";
import { FORMAT_VARIANTS } from "../../src/perturb/formats.js";

const ITEM: PerturbItem = {
  question: "What is 2+2?",
  options: ["3", "4", "5"],
  instruction: "Answer with the label.",
  system: "Be brief.",
  gold: { kind: "choice", index: 1 },
  format: DEFAULT_FORMAT,
};

function one(spec: string, item: PerturbItem = ITEM): PerturbItem {
  const [p] = parsePerturbations(spec);
  if (!p) throw new Error("no perturbation");
  const [v] = perturbItem(item, p, 1);
  if (!v) throw new Error("no variant");
  return v.item;
}

describe("prompt format", () => {
  it("renders the default layout as the built-in multiple-choice template does", () => {
    expect(renderItem(ITEM)).toEqual({
      system: "Be brief.",
      user: "What is 2+2?\n\nA. 3\nB. 4\nC. 5\n\nAnswer with the label.",
    });
    expect(goldLabel(ITEM)).toBe("B");
  });

  it("separator, labels, option labels, instruction placement and system prompt", () => {
    expect(renderItem(one("separator:newline")).user).toBe("What is 2+2?\nA. 3\nB. 4\nC. 5\nAnswer with the label.");
    expect(renderItem(one("labels")).user).toBe(
      "Question: What is 2+2?\n\nOptions:\nA. 3\nB. 4\nC. 5\n\nInstruction: Answer with the label.",
    );
    expect(renderItem(one("labels:markdown")).user).toBe(
      "### Question\nWhat is 2+2?\n\n### Options\nA. 3\nB. 4\nC. 5\n\n### Instruction\nAnswer with the label.",
    );
    const numbered = one("option-labels");
    expect(renderItem(numbered).user).toBe("What is 2+2?\n\n1. 3\n2. 4\n3. 5\n\nAnswer with the label.");
    expect(goldLabel(numbered)).toBe("2");
    expect(goldLabel(one("option-labels:lower-paren"))).toBe("b");
    expect(renderItem(one("instruction")).user).toBe("Answer with the label.\n\nWhat is 2+2?\n\nA. 3\nB. 4\nC. 5");
    expect(renderItem(one("system")).system).toBeNull();
    expect(renderItem(one("system:on", { ...ITEM, system: null })).system).toBe("You are a helpful assistant.");
  });

  it("format:K gives the first K documented variants, never touching question, options or gold", () => {
    const [p] = parsePerturbations("format:3");
    if (!p) throw new Error("no perturbation");
    const vs = perturbItem(ITEM, p, 1);
    expect(vs.map((v) => v.description.label)).toEqual(["format:3#0", "format:3#1", "format:3#2"]);
    expect(vs.map((v) => v.item.format)).toEqual(FORMAT_VARIANTS.slice(0, 3).map((f) => ({ ...DEFAULT_FORMAT, ...f })));
    // Variant 1: (A) labels, single newlines.
    expect(renderItem(vs[1]?.item ?? ITEM).user).toBe("What is 2+2?\n(A) 3\n(B) 4\n(C) 5\nAnswer with the label.");
    for (const v of vs) {
      expect(v.item.question).toBe(ITEM.question);
      expect(v.item.options).toEqual(ITEM.options);
      expect(v.item.gold).toEqual(ITEM.gold);
    }
    expect(perturbItem(ITEM, parsePerturbations("format")[0] ?? p, 1)).toHaveLength(FORMAT_VARIANTS.length);
  });
});
