import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvalSummary } from "../../src/standards/accuracy/summarize-eval.js";
import { runCli } from "../helpers/cli.js";
import { rawServer } from "../helpers/raw-server.js";

/** One streamed answer, split mid-word, then usage and [DONE]. */
function sse(content: string): string {
  const chunk = (delta: Record<string, string>, finish: string | null): string =>
    `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  let out = chunk({ role: "assistant", content: "" }, null);
  for (let i = 0; i < content.length; i += 3) out += chunk({ content: content.slice(i, i + 3) }, null);
  out += chunk({}, "stop");
  return (
    out +
    `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 3 } })}\n\ndata: [DONE]\n\n`
  );
}

// A text task whose answers the server looks up by the key in the question.
const CAPITALS: Record<string, { target: string; reply: string }> = {
  k1: { target: "Paris", reply: "Paris" }, // exact 1, quasi_exact 1
  k2: { target: "Paris", reply: "paris." }, // exact 0 (case, period), quasi_exact 1
  k3: { target: "Rome", reply: "The answer is Rome." }, // the clause after "answer is", period dropped: exact 1
  k4: { target: "Oslo", reply: "Bergen" }, // 0, 0
  k5: { target: "Lima", reply: "  Lima  " }, // the whole output equals the target, ends trimmed: exact 1
};

describe("MMLU by subject, stratified --limit, and score on an eval run directory", () => {
  let server: Awaited<ReturnType<typeof rawServer>>;
  let dir: string;
  beforeAll(async () => {
    server = await rawServer((_req, res, body) => {
      const key = Object.keys(CAPITALS).find((k) => body.includes(`(${k})`));
      res.writeHead(200, { "content-type": "text/event-stream" });
      // Multiple choice: always option A.
      res.end(sse(key ? CAPITALS[key]!.reply : "Answer: A"));
    });
    dir = mkdtempSync(join(tmpdir(), "infermark-mmlu-"));
    const mmlu = join(dir, "mmlu");
    mkdirSync(mmlu);
    // Gold letters: alpha A A B C, beta A B, gamma A. Headerless, as the original files.
    const rows = (gold: string[]): string => gold.map((g, i) => `Question ${i}?,w,x,y,z,${g}`).join("\n") + "\n";
    writeFileSync(join(mmlu, "alpha_test.csv"), rows(["A", "A", "B", "C"]));
    writeFileSync(join(mmlu, "beta_test.csv"), rows(["A", "B"]));
    writeFileSync(join(mmlu, "gamma_test.csv"), rows(["A"]));
    writeFileSync(
      join(dir, "capitals.jsonl"),
      Object.entries(CAPITALS)
        .map(([k, v]) => JSON.stringify({ id: k, input: `Capital? (${k})`, target: v.target }))
        .join("\n") + "\n",
    );
  });
  afterAll(() => server.close());

  const evalMmlu = (out: string, extra: string[]): ReturnType<typeof runCli> =>
    runCli([
      "eval",
      "--target",
      server.url,
      "--task",
      "mmlu",
      "--data",
      join(dir, "mmlu"),
      "--limit",
      "5",
      "--out",
      out,
      ...extra,
    ]);

  it("--limit 5 draws across subjects by default and reports each subject and their mean", async () => {
    const out = join(dir, "strat");
    const res = await evalMmlu(out, ["--json"]);
    expect(res.stderr).not.toMatch(/Error/);
    expect(res.code).toBe(0);
    const t = (JSON.parse(res.stdout) as EvalSummary).tasks[0]!;
    // Round-robin: alpha-0 beta-0 gamma-0, then alpha-1 beta-1. "A" is right for A,A (alpha), A (beta), A (gamma).
    expect(t.n).toBe(5);
    expect(t.metrics.choice!.value).toBeCloseTo(4 / 5, 10);
    expect(Object.keys(t.by_subject ?? {})).toEqual(["alpha", "beta", "gamma"]);
    expect(t.by_subject).toMatchObject({
      alpha: { value: 1, n: 2 },
      beta: { value: 0.5, n: 2 },
      gamma: { value: 1, n: 1 },
    });
    expect(t.subject_average).toMatchObject({ metric: "choice", n: 5, subjects: 3 });
    expect(t.subject_average!.value).toBeCloseTo((1 + 0.5 + 1) / 3, 10);
    const [lo, hi] = t.subject_average!.ci95;
    expect(lo).toBeLessThanOrEqual(t.subject_average!.value);
    expect(hi).toBeGreaterThanOrEqual(t.subject_average!.value);
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as { spec: { limitMode?: string } };
    expect(run.spec.limitMode).toBe("stratified");
  });

  it("--limit-mode first takes the first five rows: four of alpha and one of beta", async () => {
    const res = await evalMmlu(join(dir, "first"), ["--limit-mode", "first", "--json"]);
    expect(res.code).toBe(0);
    const t = (JSON.parse(res.stdout) as EvalSummary).tasks[0]!;
    expect(t.metrics.choice!.value).toBeCloseTo(3 / 5, 10);
    expect(Object.keys(t.by_subject ?? {})).toEqual(["alpha", "beta"]);
    expect(t.by_subject!.alpha).toMatchObject({ value: 0.5, n: 4 });
    expect(t.subject_average!.value).toBeCloseTo((0.5 + 1) / 2, 10);
  });

  it("prints the subject table within 80 columns, worst first", async () => {
    const res = await evalMmlu(join(dir, "table"), []);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("by subject (choice): 3 subjects, 5 items");
    expect(res.stdout).toMatch(/macro average \(mean of subjects\) 0\.833/);
    const table = res.stdout.slice(res.stdout.indexOf("by subject"));
    expect(table.indexOf("beta")).toBeLessThan(table.indexOf("alpha"));
    for (const line of table.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
  });

  it("score --metric exact_match DIR re-scores the run's own answers against the gold", async () => {
    const out = join(dir, "capitals");
    const ev = await runCli([
      "eval",
      "--target",
      server.url,
      "--task",
      join(dir, "capitals.jsonl"),
      "--scorer",
      "quasi_exact",
      "--out",
      out,
      "--json",
    ]);
    expect(ev.code).toBe(0);
    expect((JSON.parse(ev.stdout) as EvalSummary).tasks[0]!.metrics.quasi_exact!.value).toBeCloseTo(4 / 5, 10);
    const res = await runCli(["score", "--metric", "exact_match", out, "--json"]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    const s = JSON.parse(res.stdout) as { metric: string; value: number; n: number; ci95: [number, number] };
    // k1, k3, k5 right: 3 of 5. Wilson 95%: (0.6 + z²/10 ± z·√(0.048 + z²/100)) / (1 + z²/5), z = 1.96.
    expect(s).toMatchObject({ metric: "exact", n: 5 });
    expect(s.value).toBeCloseTo(0.6, 10);
    expect(s.ci95[0]).toBeCloseTo(0.2307, 3);
    expect(s.ci95[1]).toBeCloseTo(0.8824, 3);
    const table = await runCli(["score", "--metric", "exact_match", "--metric", "f1", out]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/exact/);
    expect(table.stdout).toMatch(/f1/);
  });

  it("a metric the run cannot feed, or --input beside a directory, is one line", async () => {
    const out = join(dir, "capitals");
    const choice = await runCli(["score", "--metric", "choice", out]);
    expect(choice.code).toBe(2);
    expect(choice.stderr.trim().split("\n")).toHaveLength(1);
    expect(choice.stderr).toMatch(/--metric choice: none of the run's 5 answers .* multiple-choice items/);
    const both = await runCli(["score", "--metric", "exact", "--input", "x.jsonl", out]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/drop --input/);
    const notRun = await runCli(["score", "--metric", "exact", dir]);
    expect(notRun.code).toBe(2);
    expect(notRun.stderr).toMatch(/no run\.json/);
  });
});
