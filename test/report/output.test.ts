import { describe, expect, it } from "vitest";
import { createRedactor } from "../../src/records/redact.js";
import { formatOf, print, render, type Output } from "../../src/report/output.js";
import type { CompareResult } from "../../src/standards/accuracy/compare-eval.js";
import type { ScoreResult } from "../../src/standards/accuracy/score-rows.js";
import { summarizeBench } from "../../src/standards/efficiency/summarize.js";
import { makeRecord } from "../helpers/records.js";
import { promptLengths } from "../../src/standards/efficiency/prompt-lengths.js";

const score: ScoreResult = {
  metrics: [
    {
      metric: "exact",
      value: 0.5,
      stderr: 0.25,
      ci95: [0.1, 0.9],
      n: 2,
      ci_method: "wilson",
      items: [{ id: "q1", answer: "A", stage: "strict", value: 1 }],
    },
  ],
  warnings: ["choice: 1 of 2 samples not scored"],
};
const noPairs: CompareResult = {
  schema: "infermark.compare/1",
  task: "t",
  a: "a",
  b: "b",
  paired_items: 0,
  left_out: { only_in_a: 0, only_in_b: 0, failed_in_b: 2, failed_in_a: 0, failed_in_both: 0 },
  metrics: {},
};

/** Collects what print writes, per stream. */
function capture(o: Output, format: "table" | "json", secrets: string[] = []): { out: string; err: string } {
  let out = "";
  let err = "";
  print(o, {
    format,
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    redactor: createRedactor(secrets),
  });
  return { out, err };
}

describe("the output layer: one print for every result kind", () => {
  it("prints JSON as the result's own value, pretty-printed, for every kind", () => {
    expect(capture({ kind: "compare", result: noPairs }, "json").out).toBe(JSON.stringify(noPairs, null, 2) + "\n");
    // One metric: its object alone, as `score --json` always printed.
    expect(JSON.parse(capture({ kind: "score", result: score }, "json").out)).toEqual(score.metrics[0]);
  });

  it("writes stderr notes before the result in both formats, and a table's remarks after it only with tables", () => {
    for (const format of ["table", "json"] as const)
      expect(capture({ kind: "score", result: score }, format).err).toBe(
        "infermark: warning: choice: 1 of 2 samples not scored\n",
      );
    const table = capture({ kind: "compare", result: noPairs, notes: ["first"] }, "table");
    expect(table.err).toBe("first\ncompare: no item was answered by both runs, so nothing is compared\n");
    expect(table.out).toMatch(/^task t: 0 paired items \(both runs answered them; left out: failed in b 2\)\n/);
    expect(capture({ kind: "compare", result: noPairs, notes: ["first"] }, "json").err).toBe("first\n");
  });

  it("renders score tables with each row's verdict as a tab-separated line", () => {
    const { stdout } = render({ kind: "score", result: score }, "table");
    expect(stdout).toContain("[0.1000, 0.9000]");
    expect(stdout.endsWith('exact\tq1\t1\t"A"\tstrict\n')).toBe(true);
  });

  it("a compat view is JSON whatever the format", () => {
    const view = { compat: "vllm" as const, levels: [] };
    expect(render({ kind: "compat", view }, "table").stdout).toBe(JSON.stringify(view, null, 2) + "\n");
  });

  it("says how long synthetic prompts came out after a bench table, and never with JSON", () => {
    const records = [
      makeRecord([[5, 1]]),
      makeRecord([[6, 1]], { id: 1, tokens: { ...makeRecord([]).tokens, input: 30 } }),
    ];
    const summary = summarizeBench({ kind: "openai" }, records, { slo: [] });
    const o: Output = {
      kind: "bench",
      summary,
      promptLengths: promptLengths(records),
      workload: { kind: "synthetic", input_tokens: { mean: 20 }, input_sized_by: "engine tokenizer" },
    };
    // Inputs of 10 and 30 tokens: a mean of 20.0.
    // Remarks wrap at 80 columns; read as one text.
    expect(render(o, "table").after.map((l) => l.replace(/\n +/g, " "))).toEqual([
      "prompt lengths: sized in the target's own tokens (engine tokenizer), aiming at 20: achieved 20.0 tokens per prompt (counted by usage)",
    ]);
    expect(render(o, "json").after).toEqual([]);
    expect(render({ kind: "bench", summary }, "table").after).toEqual([]);
  });

  it("keeps a secret out of tables, JSON and notes alike", () => {
    const key = "sk-test-0123456789abcdef";
    const o: Output = { kind: "compare", result: { ...noPairs, task: `t-${key}` }, notes: [`saw ${key}`] };
    for (const format of ["table", "json"] as const) {
      const { out, err } = capture(o, format, [key]);
      expect(out + err).not.toContain(key);
      expect(out).toContain("[REDACTED]");
    }
  });

  it("takes the --json flag as the format", () => {
    expect(formatOf({ json: true })).toBe("json");
    expect(formatOf({ json: false })).toBe("table");
    expect(formatOf({})).toBe("table");
  });
});
