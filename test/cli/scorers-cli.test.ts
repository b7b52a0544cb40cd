import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvalSummary } from "../../src/standards/accuracy/summarize-eval.js";
import { rawServer } from "../helpers/raw-server.js";
import { runCli as runCliShared } from "../helpers/cli.js";

// Every scorer a user can name, through `score` and through `eval` against a loopback server,
// with the values worked out by hand from docs/eval.md's definitions (SQuAD normalisation:
// lowercase, no punctuation, no a/an/the, single spaces).

const runCli: typeof runCliShared = (args, env = {}) =>
  runCliShared(args, { INFERMARK_CACHE_DIR: mkdtempSync(join(tmpdir(), "infermark-cache-")), ...env });
const dir = mkdtempSync(join(tmpdir(), "infermark-scorers-"));
const jsonl = (name: string, rows: unknown[]): string => {
  const file = join(dir, name);
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  return file;
};
type Metric = { metric: string; value: number; n: number; ci95: [number, number]; ci_method: string };

// prediction → (target, and by hand: exact, quasi_exact, f1, contains, prefix, regex:^[A-Z], json)
const ROWS = [
  // "the cat" → "cat" = "cat"; F1 1; " cat " inside " cat "; starts with "cat"; capital T.
  {
    id: "a",
    prediction: "The Cat!!",
    target: "cat",
    want: { exact: 0, quasi_exact: 1, f1: 1, contains: 1, prefix: 1, regex: 1, json: 0 },
  },
  // "paris is capital" vs "paris": P 1/3, R 1, F1 0.5; contains and starts with "paris".
  {
    id: "b",
    prediction: "Paris is the capital",
    target: "paris",
    want: { exact: 0, quasi_exact: 0, f1: 0.5, contains: 1, prefix: 1, regex: 1, json: 0 },
  },
  // Two accepted answers, the best counts: "it is paris" vs "paris" F1 0.5; contains " paris "; starts with neither.
  {
    id: "c",
    prediction: "It is Paris.",
    target: ["London", "Paris"],
    want: { exact: 0, quasi_exact: 0, f1: 0.5, contains: 1, prefix: 0, regex: 1, json: 0 },
  },
  // Contains is by word (" cat " is not in " catalog "); prefix is by characters.
  {
    id: "d",
    prediction: "catalog",
    target: "cat",
    want: { exact: 0, quasi_exact: 0, f1: 0, contains: 0, prefix: 1, regex: 0, json: 0 },
  },
  // Same JSON, other key order: json 1. Deleting punctuation inserts no space: "b 1 2 a 1" vs the one token "a1b12", F1 0.
  {
    id: "e",
    prediction: '{"b": [1, 2], "a": 1}',
    target: '{"a":1,"b":[1,2]}',
    want: { exact: 0, quasi_exact: 0, f1: 0, contains: 0, prefix: 0, regex: 0, json: 1 },
  },
];
const METRICS = ["exact", "quasi_exact", "f1", "contains", "prefix", "regex:^[A-Z]", "json"] as const;
const key = (m: string): keyof (typeof ROWS)[number]["want"] =>
  (m.startsWith("regex:") ? "regex" : m) as keyof (typeof ROWS)[number]["want"];
const mean = (m: string): number => ROWS.reduce((a, r) => a + r.want[key(m)], 0) / ROWS.length;

/** The Wilson 95% interval of k successes in n, from its formula. */
function wilson(k: number, n: number): [number, number] {
  const z = 1.959964;
  const p = k / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

describe("infermark score: every per-sample scorer on rows worked out by hand", () => {
  it("exact 0, quasi_exact 1/5, f1 0.4, contains 3/5, prefix 3/5, regex 3/5, json 1/5", async () => {
    const file = jsonl(
      "rows.jsonl",
      ROWS.map((r) =>
        Array.isArray(r.target)
          ? { id: r.id, prediction: r.prediction, references: r.target }
          : { id: r.id, prediction: r.prediction, target: r.target },
      ),
    );
    const res = await runCli([
      "score",
      "--input",
      file,
      ...METRICS.flatMap((m) => ["--metric", m]),
      "--json",
      "--per-item",
    ]);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as Array<Metric & { items: Array<{ id: string; value: number }> }>;
    expect(out.map((m) => m.metric)).toEqual([...METRICS]);
    expect(Object.fromEntries(out.map((m) => [m.metric, m.value]))).toEqual(
      Object.fromEntries(METRICS.map((m) => [m, mean(m)])),
    );
    for (const m of out) {
      expect(m.n).toBe(5);
      expect(Object.fromEntries(m.items.map((i) => [i.id, i.value])), m.metric).toEqual(
        Object.fromEntries(ROWS.map((r) => [r.id, r.want[key(m.metric)]])),
      );
    }
    // A proportion's CI is Wilson's: 3 of 5 for contains.
    const contains = out.find((m) => m.metric === "contains")!;
    expect(contains.ci_method).toBe("wilson");
    expect(contains.ci95[0]).toBeCloseTo(wilson(3, 5)[0], 4);
    expect(contains.ci95[1]).toBeCloseTo(wilson(3, 5)[1], 4);
  });

  it("json: parses the output and deep-compares with the target (key order free, array order and types not)", async () => {
    const file = jsonl("json.jsonl", [
      { prediction: '{"a": 1, "b": [1, 2]}', target: '{"b":[1,2],"a":1}' }, // 1
      { prediction: ' {"x": null} ', target: '{"x":null}' }, // 1: whitespace around JSON is JSON
      { prediction: "[1, 2]", target: "[2, 1]" }, // 0: array order
      { prediction: '{"a": "1"}', target: '{"a":1}' }, // 0: string is not number
      { prediction: "not json", target: "{}" }, // 0
      { prediction: '{"a": 1, "b": 2}', target: '{"a":1}' }, // 0: an extra key
    ]);
    const res = await runCli(["score", "--input", file, "--metric", "json", "--json"]);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ metric: "json", value: 2 / 6, n: 6 });
  });

  it("corpus metrics take every reference: the hypothesis matching the second one scores BLEU 100, chrF 100, TER 0, ROUGE 1", async () => {
    const rows = [
      {
        prediction: "the quick brown fox jumps over the dog",
        references: ["a completely different sentence is here now", "the quick brown fox jumps over the dog"],
      },
      {
        prediction: "she sells sea shells by the shore",
        references: ["nothing in common with that", "she sells sea shells by the shore"],
      },
    ];
    const res = await runCli([
      "score",
      "--input",
      jsonl("refs.jsonl", rows),
      "--metric",
      "bleu",
      "--metric",
      "chrf",
      "--metric",
      "ter",
      "--metric",
      "rouge",
      "--json",
    ]);
    expect(res.code, res.stderr).toBe(0);
    const v = Object.fromEntries((JSON.parse(res.stdout) as Metric[]).map((m) => [m.metric, m.value]));
    expect(v.bleu).toBeCloseTo(100, 9);
    expect(v.chrf).toBeCloseTo(100, 9);
    expect(v.ter).toBe(0);
    expect([v.rouge1, v.rouge2, v.rougeL]).toEqual([1, 1, 1]);
    // With only the first (unrelated) reference, none of that holds: each sentence is all edits.
    const first = await runCli([
      "score",
      "--input",
      jsonl(
        "ref1.jsonl",
        rows.map((r) => ({ prediction: r.prediction, references: [r.references[0]] })),
      ),
      "--metric",
      "bleu",
      "--metric",
      "ter",
      "--json",
    ]);
    const w = Object.fromEntries((JSON.parse(first.stdout) as Metric[]).map((m) => [m.metric, m.value]));
    expect(w.bleu).toBeLessThan(10);
    // TER = edits / reference words: 8 hypothesis words onto 7 (7 substitutions + 1 deletion) and 7 onto 5 (5 + 2): 15 / 12.
    expect(w.ter).toBeCloseTo((100 * 15) / 12, 6);
  });
});

describe("infermark eval: the same scorers, on answers from a server, and maj@k over a pool of samples", () => {
  let server: Awaited<ReturnType<typeof rawServer>>;
  const asked = new Map<string, number>();
  // Per item, the answer of each successive request (one per sample).
  let answers: Record<string, string[]> = {};
  beforeAll(async () => {
    server = await rawServer((_req, res, body) => {
      const id = /\[(\w+)\]/.exec(body)?.[1] ?? "?";
      const n = asked.get(id) ?? 0;
      asked.set(id, n + 1);
      const list = answers[id] ?? ["?"];
      const content = list[Math.min(n, list.length - 1)]!;
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] })}\n\n` +
          `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: "stop" }] })}\n\n` +
          `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 2 } })}\n\ndata: [DONE]\n\n`,
      );
    });
  });
  afterAll(() => server?.close());

  it("eval --scorer for each per-sample scorer gives the hand-worked values of the score test", async () => {
    asked.clear();
    answers = Object.fromEntries(ROWS.map((r) => [r.id, [r.prediction]]));
    const task = jsonl(
      "task.jsonl",
      ROWS.map((r) => ({ id: r.id, input: `Question [${r.id}]`, target: r.target })),
    );
    const res = await runCli([
      "eval",
      "--target",
      server.url,
      "--task",
      task,
      ...METRICS.flatMap((m) => ["--scorer", m]),
      "--out",
      join(dir, "eval-scorers"),
      "--json",
    ]);
    expect(res.code, res.stderr).toBe(0);
    const t = (JSON.parse(res.stdout) as EvalSummary).tasks[0]!;
    expect(t.n).toBe(5);
    for (const m of METRICS) expect(t.metrics[m]!.value, m).toBe(mean(m));
  });

  it("eval --scorer bleu/chrf/ter with a list of accepted answers scores against all of them", async () => {
    asked.clear();
    answers = { p: ["the quick brown fox jumps over the dog"], q: ["she sells sea shells by the shore"] };
    const task = jsonl("refs-task.jsonl", [
      {
        id: "p",
        input: "Say it [p]",
        target: ["a completely different sentence is here now", "the quick brown fox jumps over the dog"],
      },
      { id: "q", input: "Say it [q]", target: ["nothing in common with that", "she sells sea shells by the shore"] },
    ]);
    const res = await runCli([
      "eval",
      "--target",
      server.url,
      "--task",
      task,
      "--scorer",
      "bleu",
      "--scorer",
      "chrf",
      "--scorer",
      "ter",
      "--out",
      join(dir, "eval-refs"),
      "--json",
    ]);
    expect(res.code, res.stderr).toBe(0);
    const m = (JSON.parse(res.stdout) as EvalSummary).tasks[0]!.metrics;
    expect(m.bleu!.value).toBeCloseTo(100, 9);
    expect(m.chrf!.value).toBeCloseTo(100, 9);
    expect(m.ter!.value).toBe(0);
  });

  it("--samples 3: pass@k, pass^k and maj@k (ties to the earliest answer) from one pool, by hand", async () => {
    asked.clear();
    // Samples in order. c = correct of 3: paris 2, rome 1, oslo 2.
    answers = { paris: ["Lyon", "Paris", "Paris"], rome: ["Rome", "Milan", "Milan"], oslo: ["Bergen", "Oslo", "Oslo"] };
    const task = jsonl("pool.jsonl", [
      { id: "paris", input: "Capital of France? [paris]", target: "Paris" },
      { id: "rome", input: "Capital of Italy? [rome]", target: "Rome" },
      { id: "oslo", input: "Capital of Norway? [oslo]", target: "Oslo" },
    ]);
    // One request at a time, so each item's samples reach the server in sample order.
    const res = await runCli([
      "eval",
      "--target",
      server.url,
      "--task",
      task,
      "--scorer",
      "exact",
      "--samples",
      "3",
      "--concurrency",
      "1",
      "--out",
      join(dir, "eval-pool"),
      "--json",
    ]);
    expect(res.code, res.stderr).toBe(0);
    expect([...asked.values()]).toEqual([3, 3, 3]);
    const t = (JSON.parse(res.stdout) as EvalSummary).tasks[0]!;
    expect(t.metrics.exact!.value).toBeCloseTo(5 / 9, 12); // pass@1: (2 + 1 + 2) / 9
    const curve = t.pool!.curve;
    expect(curve.map((c) => c.k)).toEqual([1, 2, 3]);
    // pass@k = 1 − C(K−c, k)/C(K, k): k=2 → paris 1, rome 1 − 1/3, oslo 1.
    expect(curve.map((c) => c.pass_at_k)).toEqual([expect.closeTo(5 / 9, 12), expect.closeTo(8 / 9, 12), 1]);
    // pass^k = C(c, k)/C(K, k): k=2 → paris 1/3, rome 0, oslo 1/3.
    expect(curve.map((c) => c.pass_all_k)).toEqual([expect.closeTo(5 / 9, 12), expect.closeTo(2 / 9, 12), 0]);
    // maj@1: the first answer (Lyon, Rome, Bergen): 1/3. maj@2: every item ties 1–1, the earliest wins
    // (Lyon, Rome, Bergen): 1/3 (ties to the latest would give 2/3). maj@3: Paris, Milan, Oslo: 2/3.
    expect(curve.map((c) => c.maj_at_k)).toEqual([1 / 3, 1 / 3, 2 / 3]);
    // Two output tokens per answer, k answers per item.
    expect(curve.map((c) => c.output_tokens_per_item)).toEqual([2, 4, 6]);
  });
});
