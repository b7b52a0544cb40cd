import { describe, expect, it } from "vitest";
import type { ScoredSample } from "../../../src/standards/accuracy/aggregate.js";
import { bySubject } from "../../../src/standards/accuracy/by-subject.js";

const sample = (item: string, answer: string, target: string): ScoredSample => ({
  item,
  sample: 0,
  input: {
    output: answer,
    extraction: { answer, stage: "strict", raw: answer, strictAnswer: answer },
    targets: [target],
    choices: [],
  },
});

describe("per-subject breakdown", () => {
  const items = [
    { id: "a0", metadata: { subject: "a" } },
    { id: "a1", metadata: { subject: "a" } },
    { id: "b0", metadata: { subject: "b" } },
  ];
  const samples = [sample("a0", "x", "x"), sample("a1", "y", "y"), sample("b0", "no", "z")];

  it("scores each subject and their unweighted mean, with n and an interval worked out by hand", () => {
    const r = bySubject(items, samples, "exact", 0)!;
    expect(r.by_subject).toMatchObject({ a: { value: 1, n: 2 }, b: { value: 0, n: 1 } });
    // Macro (1 + 0) / 2 = 0.5, where the micro average over items would be 2/3.
    expect(r.subject_average).toMatchObject({ metric: "exact", value: 0.5, n: 3, subjects: 2 });
    // Weights 1/4, 1/4, 1/2: Kish n_eff = 1 / (1/16 + 1/16 + 1/4) = 8/3; Wilson(0.5 × 8/3, 8/3) = 0.5 ± 0.38415.
    expect(r.subject_average.ci95[0]).toBeCloseTo(0.1159, 3);
    expect(r.subject_average.ci95[1]).toBeCloseTo(0.8841, 3);
  });

  it("is absent when no item has a subject, and reads TruthfulQA's category", () => {
    expect(bySubject([{ id: "a0", metadata: {} }], [samples[0]!], "exact", 0)).toBeNull();
    const r = bySubject([{ id: "a0", metadata: { category: "Misconceptions" } }], [samples[0]!], "exact", 0);
    expect(Object.keys(r!.by_subject)).toEqual(["Misconceptions"]);
  });
});
