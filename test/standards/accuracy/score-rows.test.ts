import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/errors.js";
import { scoreJson, scoreRows, type ScoreRow } from "../../../src/standards/accuracy/score-rows.js";

const rows = (values: Array<Record<string, unknown>>): ScoreRow[] =>
  values.map((value, i) => ({ value, where: `rows.jsonl:${i + 1}` }));

describe("scoreRows (the library call behind `infermark score`)", () => {
  const numeric = rows([
    { id: "q1", prediction: "So the answer is 42.", target: 42 },
    { id: "q2", prediction: "The answer is 7", target: "8" },
    { id: "q3", prediction: "I think 1,000", target: 1000 },
    { id: "q4", prediction: "no idea", target: 3 },
  ]);

  it("scores numeric match with a Wilson interval over the rows (3 of 4 wrong or right as worked out)", () => {
    const r = scoreRows(numeric, { metrics: ["numeric"], extract: "auto", perItem: true, seed: 0 });
    expect(r.warnings).toEqual([]);
    const [m] = r.metrics;
    // q1 and q3 match (1,000 is 1000); q2 answers 7 for 8; q4 has no number.
    expect(m).toMatchObject({ metric: "numeric", n: 4, value: 0.5, ci_method: "wilson" });
    // Wilson 95% for 2/4: (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n).
    const z = 1.959963984540054;
    const n = 4;
    const centre = (0.5 + (z * z) / (2 * n)) / (1 + (z * z) / n);
    const half = (z * Math.sqrt((0.5 * 0.5) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
    expect(m?.ci95[0]).toBeCloseTo(centre - half, 6);
    expect(m?.ci95[1]).toBeCloseTo(centre + half, 6);
    expect(m?.items?.map((i) => [i.id, i.value, i.answer])).toEqual([
      ["q1", 1, "42"],
      ["q2", 0, "7"],
      ["q3", 1, "1000"],
      ["q4", 0, null],
    ]);
  });

  it("gives one metric's object as JSON, several metrics as a list, and items only when asked", () => {
    const one = scoreRows(numeric, { metrics: ["numeric"], extract: "auto", perItem: false, seed: 0 });
    expect(scoreJson(one)).toMatchObject({ metric: "numeric", value: 0.5 });
    expect("items" in one.metrics[0]!).toBe(false);
    const cats = rows([
      { prediction: "the cat", target: "cat" },
      { prediction: "cat", target: "cat" },
    ]);
    const two = scoreRows(cats, { metrics: ["exact", "contains"], extract: "none", perItem: false, seed: 0 });
    expect(Array.isArray(scoreJson(two))).toBe(true);
    // Only the second output is the target itself; both contain it.
    expect(two.metrics.map((m) => [m.metric, m.value])).toEqual([
      ["exact", 0.5],
      ["contains", 1],
    ]);
  });

  it("expands rouge into its three variants", () => {
    const r = scoreRows(rows([{ prediction: "a b c", target: "a b c" }]), {
      metrics: ["rouge"],
      extract: "none",
      perItem: false,
      seed: 0,
    });
    expect(r.metrics.map((m) => [m.metric, m.value])).toEqual([
      ["rouge1", 1],
      ["rouge2", 1],
      ["rougeL", 1],
    ]);
  });

  it("returns, rather than prints, the warning of a metric that cannot judge every row; none judged is an error", () => {
    const r = scoreRows(
      rows([
        { prediction: "B", target: "B", choices: ["x", "y"] },
        { prediction: "A", target: "A" },
      ]),
      { metrics: ["choice"], extract: "auto", perItem: false, seed: 0 },
    );
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^choice: 1 of 2 samples not scored/);
    expect(r.metrics[0]).toMatchObject({ n: 1, value: 1 });
    expect(() =>
      scoreRows(rows([{ prediction: "A", target: "A" }]), {
        metrics: ["choice"],
        extract: "auto",
        perItem: false,
        seed: 0,
      }),
    ).toThrow(/nothing to score/);
  });

  it("names the row of a bad one, and an unknown or missing metric, in one user error", () => {
    const opts = { extract: "auto", perItem: false, seed: 0 } as const;
    expect(() => scoreRows(rows([{ target: 1 }]), { ...opts, metrics: ["exact"] })).toThrow(
      'rows.jsonl:1: "prediction" must be a string',
    );
    expect(() => scoreRows(rows([{ prediction: "x" }]), { ...opts, metrics: ["exact"] })).toThrow(
      /rows\.jsonl:1: needs "target"/,
    );
    expect(() => scoreRows(numeric, { ...opts, metrics: ["nope"] })).toThrow(UserError);
    expect(() => scoreRows(numeric, { ...opts, metrics: ["nope"] })).toThrow(/--metric nope: unknown/);
    expect(() => scoreRows(numeric, { ...opts, metrics: [] })).toThrow(/score: pass --metric/);
  });
});
