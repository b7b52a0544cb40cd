import { describe, expect, it } from "vitest";
import type { ItemVerdicts, VariantVerdict } from "../../../src/standards/robustness/input.js";
import { summarizeRobustness } from "../../../src/standards/robustness/summarize.js";
import { summarizeGroup } from "../../../src/standards/robustness/grouped.js";
import { permutationConsistency } from "../../../src/standards/robustness/permutation-consistency.js";
import { formatSpread } from "../../../src/standards/robustness/format-spread.js";
import { worstCase } from "../../../src/standards/robustness/worst-case.js";
import { DEFAULT_FORMAT, type PerturbItem } from "../../../src/perturb/item.js";
import { chosenOption } from "../../../src/perturb/render.js";
import { parsePerturbations } from "../../../src/perturb/spec.js";
import { perturbItem } from "../../../src/perturb/apply.js";

const typo = (verdict: number): VariantVerdict => ({
  perturbation: "typo:0.1",
  name: "typo",
  family: "char",
  variant: "typo:0.1",
  verdict,
});
const order = (i: number, verdict: number, chosen: string | null): VariantVerdict => ({
  perturbation: "choice-order:all",
  name: "choice-order",
  family: "content",
  variant: `choice-order:all#${i}`,
  verdict,
  chosen,
});
const format = (i: number, verdict: number): VariantVerdict => ({
  perturbation: "format:2",
  name: "format",
  family: "format",
  variant: `format:2#${i}`,
  verdict,
});

/**
 * Four items, each with one typo variant, two option orders and two formats:
 *
 *   item  orig chosen  typo  order#0       order#1      format#0 format#1
 *   1     1    Paris   1     1 Paris       1 Paris      1        1
 *   2     1    4       0     0 5           1 4          1        1
 *   3     0    Mars    0     0 Mars        0 Mars       0        0
 *   4     0    (none)  0     1 H2O         0 (none)     1        0
 */
const ITEMS: ItemVerdicts[] = [
  {
    item: "1",
    original: 1,
    chosen: "Paris",
    variants: [typo(1), order(0, 1, "Paris"), order(1, 1, "Paris"), format(0, 1), format(1, 1)],
  },
  {
    item: "2",
    original: 1,
    chosen: "4",
    variants: [typo(0), order(0, 0, "5"), order(1, 1, "4"), format(0, 1), format(1, 1)],
  },
  {
    item: "3",
    original: 0,
    chosen: "Mars",
    variants: [typo(0), order(0, 0, "Mars"), order(1, 0, "Mars"), format(0, 0), format(1, 0)],
  },
  {
    item: "4",
    original: 0,
    chosen: null,
    variants: [typo(0), order(0, 1, "H2O"), order(1, 0, null), format(0, 1), format(1, 0)],
  },
];

// Wilson 95 % for 1/4: centre (.25 + 1.96²/8)/(1 + 1.96²/4) = .3725, half .3269 → [.0456, .6994];
// for 2/4: centre .5, half .3500 → [.1500, .8500].
const W14 = [0.0456, 0.6994];
const W24 = [0.15, 0.85];

function expectCi(ci: readonly number[] | undefined, want: readonly number[]): void {
  expect(ci?.[0]).toBeCloseTo(want[0] ?? Number.NaN, 3);
  expect(ci?.[1]).toBeCloseTo(want[1] ?? Number.NaN, 3);
}

describe("robustness summary on a hand-built set", () => {
  const s = summarizeRobustness(ITEMS);

  it("accuracy before and after, paired delta, flips and drop rate per perturbation", () => {
    const t = s.perturbations["typo:0.1"];
    // Original 1,1,0,0 → .5; typo 1,0,0,0 → .25; item 2 went right → wrong.
    expect(t?.original.value).toBe(0.5);
    expectCi(t?.original.ci95, W24);
    expect(t?.accuracy.value).toBe(0.25);
    expectCi(t?.accuracy.ci95, W14);
    expect(t?.delta.value).toBe(-0.25);
    // McNemar with one discordant pair: p = 2 · ½ = 1.
    expect(t?.delta.test).toBe("mcnemar_exact");
    expect(t?.delta.p_value).toBe(1);
    expect(t?.delta.ci95[0]).toBeLessThanOrEqual(-0.25);
    expect(t?.delta.ci95[1]).toBeGreaterThanOrEqual(-0.25);
    expect(t?.flips).toEqual({ to_wrong: 1, to_right: 0 });
    expect(t?.flip_rate.value).toBe(0.25);
    expect(t?.flip_rate.n).toBe(4);
    expectCi(t?.flip_rate.value === null ? undefined : t?.flip_rate.ci95, W14);
    // (.5 − .25) / .5.
    expect(t?.drop_rate.value).toBe(0.5);

    const c = s.perturbations["choice-order:all"];
    // Item means over the two orders: 1, .5, 0, .5 → .5; pairs: item 2 order#0 to wrong, item 4 order#0 to right.
    expect(c?.items).toBe(4);
    expect(c?.variants).toBe(8);
    expect(c?.accuracy.value).toBe(0.5);
    expect(c?.accuracy.ci_method).toBe("cluster_bootstrap");
    expect(c?.delta.value).toBe(0);
    expect(c?.flips).toEqual({ to_wrong: 1, to_right: 1 });
    expect(c?.flip_rate.value).toBe(0.25);
    expect(c?.flip_rate.n).toBe(8);
    // A real zero: the original accuracy is .5, so the ratio is defined.
    expect(c?.drop_rate.value).toBe(0);

    const f = s.perturbations["format:2"];
    // Item means 1, 1, 0, .5 → .625; item 4 format#0 went wrong → right.
    expect(f?.accuracy.value).toBe(0.625);
    expect(f?.delta.value).toBe(0.125);
    expect(f?.flips).toEqual({ to_wrong: 0, to_right: 1 });
    expect(f?.flip_rate.value).toBe(0.125);
    // (.5 − .625) / .5: a negative drop is a gain.
    expect(f?.drop_rate.value).toBe(-0.25);
  });

  it("families group their perturbations", () => {
    expect(Object.keys(s.families).sort()).toEqual(["char", "content", "format"]);
    expect(s.families.char?.accuracy.value).toBe(0.25);
    expect(s.families.format?.accuracy.value).toBe(0.625);
  });

  it("worst case is the per-item minimum over original and every variant", () => {
    // Item 1 is right everywhere (1); items 2-4 are wrong somewhere (0) → 1/4.
    expect(s.worst_case.value).toBe(0.25);
    expectCi(s.worst_case.value === null ? undefined : s.worst_case.ci95, W14);
    expect(s.original.value).toBe(0.5);
  });

  it("format spread is max − min accuracy over the original and each format", () => {
    // original .5, format:2#0 (1,1,0,1) .75, format:2#1 (1,1,0,0) .5 → .25.
    const fs = s.format_spread;
    if (fs.value === null) throw new Error(fs.reason);
    expect("formats" in fs && fs.formats).toEqual({ original: 0.5, "format:2#0": 0.75, "format:2#1": 0.5 });
    expect(fs.value).toBe(0.25);
    expect("best" in fs && [fs.best, fs.worst]).toEqual(["format:2#0", "original"]);
    expect(fs.n).toBe(4);
  });

  it("permutation consistency compares chosen option content across every order", () => {
    // 1: Paris ×3 → consistent; 2: 4, 5, 4 → not; 3: Mars ×3 → consistent (wrong, but stable);
    // 4: no option read on the original → not. 2/4.
    expect(s.permutation_consistency.value).toBe(0.5);
    expect(s.permutation_consistency.n).toBe(4);
    expectCi(s.permutation_consistency.value === null ? undefined : s.permutation_consistency.ci95, W24);
  });
});

describe("metrics that cannot apply say why", () => {
  it("drop rate is n/a, not 0, when the original accuracy is 0", () => {
    const g = summarizeGroup(
      [
        { item: "a", original: 0, variants: [typo(0)] },
        { item: "b", original: 0, variants: [typo(1)] },
      ],
      () => true,
      "char",
    );
    expect(g?.drop_rate.value).toBeNull();
    expect(g?.drop_rate.value === null && g.drop_rate.reason).toContain("accuracy on the original items is 0");
    expect(g?.accuracy.value).toBe(0.5);
  });

  it("flip rate is n/a for scores", () => {
    const g = summarizeGroup(
      [{ item: "a", original: 0.4, variants: [{ ...typo(0), verdict: 0.7 }] }],
      () => true,
      "char",
    );
    expect(g?.flip_rate.value).toBeNull();
    expect(g?.flips).toBeNull();
    expect(g?.accuracy.value).toBe(0.7);
    expect(g?.delta.value).toBeCloseTo(0.3, 12);
  });

  it("permutation consistency is n/a without orders or without chosen content", () => {
    expect(permutationConsistency([{ item: "a", original: 1, variants: [typo(1)] }]).value).toBeNull();
    const noChosen = permutationConsistency([
      { item: "a", original: 1, variants: [{ ...order(0, 1, "x"), chosen: undefined }] },
    ]);
    expect(noChosen.value === null && noChosen.reason).toContain("1 item(s) lack");
    expect(formatSpread([{ item: "a", original: 1, variants: [typo(1)] }]).value).toBeNull();
    expect(worstCase([]).value).toBeNull();
    expect(summarizeGroup([{ item: "a", original: 1, variants: [] }], () => true, "char")).toBeNull();
  });
});

describe("input checks", () => {
  it("refuses a NaN verdict and a variant label used twice in one item", () => {
    expect(() => summarizeRobustness([{ item: "a", original: Number.NaN, variants: [] }])).toThrow("not a number");
    expect(() => summarizeRobustness([{ item: "a", original: 1, variants: [typo(1), typo(0)] }])).toThrow(
      "appears twice",
    );
  });
});

describe("edge cases of the definitions", () => {
  it("format spread counts only items that have every format", () => {
    const items: ItemVerdicts[] = [
      { item: "a", original: 1, variants: [format(0, 0), format(1, 1)] },
      { item: "b", original: 0, variants: [format(0, 0), format(1, 1)] },
      // No format#1: left out, so each format's accuracy is over a and b only.
      { item: "c", original: 1, variants: [format(0, 1)] },
    ];
    const fs = formatSpread(items);
    if (fs.value === null) throw new Error(fs.reason);
    // original .5, format#0 0, format#1 1 → 1.
    expect(fs.n).toBe(2);
    expect(fs.value).toBe(1);
  });

  it("a family averages over all its perturbations' variants of an item", () => {
    const lower: VariantVerdict = {
      perturbation: "lowercase",
      name: "lowercase",
      family: "char",
      variant: "lowercase",
      verdict: 1,
    };
    const s = summarizeRobustness([{ item: "a", original: 1, variants: [typo(0), lower] }]);
    expect(s.perturbations["typo:0.1"]?.accuracy.value).toBe(0);
    expect(s.perturbations.lowercase?.accuracy.value).toBe(1);
    expect(s.families.char?.accuracy.value).toBe(0.5);
    expect(s.families.char?.flips).toEqual({ to_wrong: 1, to_right: 0 });
  });

  it("consistency follows content, not letters, through real reorderings", () => {
    const item: PerturbItem = {
      question: "Pick one.",
      options: ["w", "x", "y"],
      instruction: null,
      system: null,
      gold: { kind: "choice", index: 1 },
      format: DEFAULT_FORMAT,
    };
    const [p] = parsePerturbations("choice-order");
    if (!p) throw new Error("choice-order");
    const variants = perturbItem(item, p, 3);
    // A model that always answers "A" picks w, then another option under some order: inconsistent.
    const byLetter: ItemVerdicts = {
      item: "a",
      original: 0,
      chosen: chosenOption(item, 0),
      variants: variants.map((v) => ({
        perturbation: p.spec,
        name: p.name,
        family: p.family,
        variant: v.description.label,
        verdict: v.item.gold?.kind === "choice" && v.item.gold.index === 0 ? 1 : 0,
        chosen: chosenOption(v.item, 0),
      })),
    };
    // A model that always picks the option "x", whatever its letter: consistent.
    const byContent: ItemVerdicts = {
      item: "b",
      original: 1,
      chosen: chosenOption(item, 1),
      variants: variants.map((v) => ({
        perturbation: p.spec,
        name: p.name,
        family: p.family,
        variant: v.description.label,
        verdict: 1,
        chosen: chosenOption(v.item, v.item.options.indexOf("x")),
      })),
    };
    expect(permutationConsistency([byLetter]).value).toBe(0);
    expect(permutationConsistency([byContent]).value).toBe(1);
  });
});
