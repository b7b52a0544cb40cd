import { describe, expect, it } from "vitest";
import { cdfPoints, heatmap } from "../../src/report/html/charts.js";
import { escapeHtml, jsonForScript } from "../../src/report/html/escape.js";
import { renderHtmlReport } from "../../src/report/html/html-report.js";
import { MAX_FIELD_CHARS } from "../../src/report/html/transcripts.js";

const HOSTILE = `</script><script>alert(1)</script><img src=x onerror=alert(2)> & "quoted" 'single'`;

describe("escaping model text", () => {
  it("escapes every HTML-special character", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
  it("keeps JSON inside a script element from closing it, and round-trips the text", () => {
    const s = jsonForScript({ t: HOSTILE });
    expect(s).not.toContain("<");
    expect((JSON.parse(s) as { t: string }).t).toBe(HOSTILE);
  });
  it("puts no raw model markup into the page", () => {
    const html = renderHtmlReport({
      title: HOSTILE,
      transcripts: {
        shown: [{ id: "1", title: HOSTILE, prompt: HOSTILE, output: HOSTILE, meta: { answer: HOSTILE } }],
        total: 1,
      },
    });
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<script>alert(1)");
    // The only script elements are the page's own: the transcript data and the pager.
    expect(html.match(/<script/g)?.length).toBe(2);
  });
  it("clips a runaway answer and says how much more the records hold", () => {
    const html = renderHtmlReport({
      title: "t",
      transcripts: {
        shown: [{ id: "1", title: "x", prompt: "p", output: "y".repeat(MAX_FIELD_CHARS + 500), meta: {} }],
        total: 1,
      },
    });
    expect(html).toContain("[500 more characters in the records]");
    expect(html).not.toContain("y".repeat(MAX_FIELD_CHARS + 1));
  });
});

describe("report sections", () => {
  it("lists every subject, worst first and escaped, under the macro average", () => {
    const metric = {
      value: 0.5,
      stderr: 0.1,
      ci95: [0.3, 0.7] as [number, number],
      n: 4,
      ci_method: "wilson" as const,
    };
    const task = {
      task: "mmlu",
      n: 4,
      samples: 1,
      metrics: { choice: metric },
      no_answer_rate: 0,
      truncation_rate: 0,
      failed: 0,
      cached: 0,
      extraction: { strict: 4, flexible: 0, none: 0 },
      strict_flexible_gap: null,
      tokens: { input: 0, output: 0 },
      pool: null,
      warnings: [],
      by_subject: {
        "<b>anatomy</b>": { value: 1, ci95: [0.34, 1] as [number, number], n: 2 },
        astronomy: { value: 0, ci95: [0, 0.66] as [number, number], n: 2 },
      },
      subject_average: { metric: "choice", value: 0.5, ci95: [0, 1] as [number, number], n: 4, subjects: 2 },
    };
    const html = renderHtmlReport({ title: "t", accuracy: { tasks: [task] } });
    expect(html).toContain("choice by subject: 2 subjects, macro average (mean of subjects) ");
    expect(html).toContain("&lt;b&gt;anatomy&lt;/b&gt;");
    expect(html).not.toContain("<b>anatomy");
    expect(html.indexOf("astronomy")).toBeLessThan(html.indexOf("&lt;b&gt;anatomy"));
  });

  it("says which standards this run did not measure instead of leaving them out", () => {
    const html = renderHtmlReport({ title: "t" });
    for (const s of ["accuracy", "robustness", "usability", "efficiency"])
      expect(html).toMatch(new RegExp(`<section id="${s}"><h2>[^<]+</h2><p class="absent">Not measured in this run`));
  });
  it("gives every candidate's sections their own ids, so no two elements share one", () => {
    const html = renderHtmlReport({
      title: "t",
      candidates: [
        { name: "a", input: { title: "a" } },
        { name: "b", input: { title: "b" } },
      ],
    });
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toContain("c2-efficiency");
    expect(new Set(ids).size).toBe(ids.length);
  });
  it("shows IFEval per instruction as an escaped table", () => {
    const html = renderHtmlReport({
      title: "t",
      usability: {
        groups: [],
        tables: [
          { name: "ifeval: per instruction", head: ["instruction", "n"], rows: [["detectable_format:<json>", "3"]] },
        ],
      },
    });
    expect(html).toContain("<h3>ifeval: per instruction</h3>");
    expect(html).toContain("<td>detectable_format:&lt;json&gt;</td><td>3</td>");
  });
});

describe("cdfPoints", () => {
  it("is the empirical CDF: the i-th smallest of n at i/n", () => {
    expect(cdfPoints([3, 1, 2])).toEqual([
      [1, 1 / 3],
      [2, 2 / 3],
      [3, 1],
    ]);
  });
  it("thins long samples but keeps both ends", () => {
    const pts = cdfPoints(
      Array.from({ length: 1000 }, (_, i) => 1000 - i),
      100,
    );
    expect(pts.length).toBeLessThanOrEqual(101);
    expect(pts[0]).toEqual([1, 1 / 1000]);
    expect(pts[pts.length - 1]).toEqual([1000, 1]);
  });
});

describe("standardsOfEval", () => {
  it("lists IFEval per instruction, sorted by id, as percentages with their intervals", async () => {
    const { standardsOfEval } = await import("../../src/report/html/run-input.js");
    const m = (value: number, lo: number, hi: number, n: number) => ({
      value,
      stderr: 0,
      ci95: [lo, hi] as [number, number],
      n,
      passed: Math.round(value * n),
      ci_method: "wilson" as const,
    });
    const ifeval = {
      prompt_strict: m(0.5, 0.1, 0.9, 2),
      inst_strict: m(0.5, 0.1, 0.9, 4),
      prompt_loose: m(0.5, 0.1, 0.9, 2),
      inst_loose: m(0.75, 0.3, 0.95, 4),
      by_instruction: {
        "punctuation:no_comma": { strict: m(1, 0.2, 1, 1), loose: m(1, 0.2, 1, 1) },
        "length_constraints:number_words": { strict: m(1 / 3, 0.06, 0.79, 3), loose: m(2 / 3, 0.21, 0.94, 3) },
      },
      by_group: {},
    };
    const summary = { tasks: [{ task: "ifeval", usability: { ifeval } }] } as unknown as Parameters<
      typeof standardsOfEval
    >[0];
    const table = standardsOfEval(summary).usability?.tables?.[0];
    expect(table?.rows).toEqual([
      ["length_constraints:number_words", "3", "33.3 %", "[6.0 %, 79.0 %]", "66.7 %", "[21.0 %, 94.0 %]"],
      ["punctuation:no_comma", "1", "100.0 %", "[20.0 %, 100.0 %]", "100.0 %", "[20.0 %, 100.0 %]"],
    ]);
  });
});

describe("charts", () => {
  it("a heatmap's SVG has no stringified object (the SSR renderer writes one for its gradient's hover fill)", () => {
    const svg = heatmap(
      "Accuracy",
      ["typo", "lowercase"],
      ["gsm8k"],
      [
        { row: 0, col: 0, value: 0.5 },
        { row: 1, col: 0, value: 0.75 },
      ],
    );
    expect(svg).toContain("<svg");
    expect(svg).toContain("linearGradient"); // the continuous scale the defect came with is still drawn
    expect(svg).not.toContain("[object Object]");
  });
});
