import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvalSummary } from "../../src/standards/accuracy/summarize-eval.js";
import { runCli as runCliShared, SHARED, SHARED_MODEL } from "../helpers/cli.js";

// Each call gets an empty response cache unless a test passes its own: answers must come from the server.
const runCli: typeof runCliShared = (args, env = {}, onSpawn) =>
  runCliShared(args, { INFERMARK_CACHE_DIR: mkdtempSync(join(tmpdir(), "infermark-cache-")), ...env }, onSpawn);
import { rawServer } from "../helpers/raw-server.js";

type Reply = { content: string; reasoning?: string; finish: "stop" | "length" };
// Each question carries a key word; the server answers it from this table, in awkward formats.
const KEY: Record<string, { target: number; reply: Reply }> = {
  alpha: { target: 1234, reply: { content: "The answer is 1,234.", finish: "stop" } },
  bravo: { target: 42, reply: { content: "**42**", finish: "stop" } },
  charlie: { target: 7, reply: { content: "<think>maybe 3</think> 7", finish: "stop" } },
  delta: { target: 10, reply: { content: "<think>still thinking about 10", finish: "length" } },
  echo: { target: 5, reply: { content: "Answer: 6", finish: "stop" } },
  foxtrot: { target: 8, reply: { content: "I think 8 apples, no wait, 9.", finish: "stop" } },
  golf: { target: 100, reply: { content: "$100.00", finish: "stop" } },
  hotel: { target: 3, reply: { content: "#### 3", reasoning: "3 is tempting", finish: "stop" } },
};

function sse(reply: Reply): string {
  const chunk = (delta: Record<string, string>, finish: string | null): string =>
    `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  let out = chunk({ role: "assistant", content: "" }, null);
  if (reply.reasoning) out += chunk({ reasoning_content: reply.reasoning }, null);
  // The answer arrives in pieces, split mid-word.
  for (let i = 0; i < reply.content.length; i += 5) out += chunk({ content: reply.content.slice(i, i + 5) }, null);
  out += chunk({}, reply.finish);
  out += `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 20, completion_tokens: 6 } })}\n\ndata: [DONE]\n\n`;
  return out;
}

describe("infermark eval against a server answering from a known key", () => {
  let server: Awaited<ReturnType<typeof rawServer>>;
  let dir: string;
  let task: string;
  let variant: Record<string, Reply> = {};
  let failAll = false;
  let models = '{"data":[{"id":"raw-model","created":1700000000}]}';
  beforeAll(async () => {
    server = await rawServer(
      (_req, res, body) => {
        if (failAll) {
          res.writeHead(500, { "content-type": "application/json" });
          return void res.end(JSON.stringify({ error: { message: "down" } }));
        }
        const key = Object.keys(KEY).find((k) => body.includes(`(${k})`));
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.end(key ? sse(variant[key] ?? KEY[key]!.reply) : sse({ content: "?", finish: "stop" }));
      },
      (_req, res) => (res.writeHead(200, { "content-type": "application/json" }), res.end(models)),
    );
    dir = mkdtempSync(join(tmpdir(), "infermark-eval-"));
    task = join(dir, "questions.jsonl");
    writeFileSync(
      task,
      Object.entries(KEY)
        .map(([k, v]) => JSON.stringify({ id: k, input: `How many? (${k})`, target: v.target }))
        .join("\n") + "\n",
    );
  });
  afterAll(() => server.close());

  it("reproduces the accuracy, extraction counts and Wilson interval computed by hand", async () => {
    const out = join(dir, "run");
    const res = await runCli([
      "eval",
      "--target",
      server.url,
      "--task",
      task,
      "--scorer",
      "numeric",
      "--out",
      out,
      "--json",
    ]);
    expect(res.code).toBe(0);
    const s = (JSON.parse(res.stdout) as EvalSummary).tasks[0]!;
    // Right: alpha (strict "answer is"), bravo (**42**), charlie (after the trace), golf ($100.00), hotel (#### 3; reasoning apart).
    // Wrong: echo (6), foxtrot (last number 9). No answer: delta (unclosed trace, cut at max_tokens).
    expect(s.n).toBe(8);
    expect(s.metrics.numeric!.value).toBe(5 / 8);
    expect(s.metrics.numeric!.n).toBe(8);
    expect(s.metrics.numeric!.ci_method).toBe("wilson");
    // Wilson, z = 1.96: centre (p + z²/2n)/(1 + z²/n), half z·√(p(1−p)/n + z²/4n²)/(1 + z²/n).
    expect(s.metrics.numeric!.ci95[0]).toBeCloseTo(0.3057, 3);
    expect(s.metrics.numeric!.ci95[1]).toBeCloseTo(0.8632, 3);
    expect(s.extraction).toEqual({ strict: 3, flexible: 4, none: 1 });
    expect(s.no_answer_rate).toBe(1 / 8);
    expect(s.truncation_rate).toBe(1 / 8);
    // Strict patterns alone find alpha and hotel right (and echo wrong): 2 / 8.
    expect(s.strict_flexible_gap).toEqual({ metric: "numeric", strict: 2 / 8, flexible: 5 / 8, gap: 3 / 8 });
    expect(s.warnings.join("\n")).toMatch(/1 of 8 answers were cut at max_tokens/);
    // Every verdict is traceable to its record.
    const verdicts = readFileSync(join(out, "samples.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { item_id: string; answer: string | null; record_id: number });
    expect(verdicts.find((v) => v.item_id === "hotel")!.answer).toBe("3");
    expect(verdicts.find((v) => v.item_id === "foxtrot")!.answer).toBe("9");
    expect(new Set(verdicts.map((v) => v.record_id)).size).toBe(8);
    // report recomputes the same summary from the run directory.
    const rep = await runCli(["report", out, "--json"]);
    expect(rep.stdout).toBe(res.stdout);
  });

  it("compare pairs the items of two runs: difference, McNemar on the discordant pairs", async () => {
    const a = join(dir, "cmp-a");
    const b = join(dir, "cmp-b");
    expect(
      (await runCli(["eval", "--target", server.url, "--task", task, "--scorer", "numeric", "--out", a])).code,
    ).toBe(0);
    // Run B: echo and foxtrot now right, bravo now wrong.
    variant = {
      echo: { content: "Answer: 5", finish: "stop" },
      foxtrot: { content: "8", finish: "stop" },
      bravo: { content: "41", finish: "stop" },
    };
    expect(
      (await runCli(["eval", "--target", server.url, "--task", task, "--scorer", "numeric", "--out", b])).code,
    ).toBe(0);
    variant = {};
    const res = await runCli(["compare", a, b, "--json"]);
    expect(res.code).toBe(0);
    const c = JSON.parse(res.stdout) as {
      paired_items: number;
      metrics: Record<
        string,
        {
          a: number;
          b: number;
          difference: number;
          test: string;
          p_value: number;
          discordant: { a_only: number; b_only: number };
        }
      >;
    };
    expect(c.paired_items).toBe(8);
    const m = c.metrics.numeric!;
    expect(m).toMatchObject({ a: 5 / 8, b: 6 / 8, test: "mcnemar_exact", discordant: { a_only: 1, b_only: 2 } });
    expect(m.difference).toBeCloseTo(1 / 8, 12);
    // Exact two-sided binomial on 3 discordant pairs with min(1, 2) = 1: 2·(1 + 3)/8 = 1.
    expect(m.p_value).toBe(1);
  });

  it("compare with a run B whose requests all failed pairs nothing and says why (no CI, no MDE)", async () => {
    const a = join(dir, "cmp-ok");
    const b = join(dir, "cmp-down");
    expect(
      (await runCli(["eval", "--target", server.url, "--task", task, "--scorer", "numeric", "--out", a])).code,
    ).toBe(0);
    failAll = true;
    try {
      await runCli(["eval", "--target", server.url, "--task", task, "--scorer", "numeric", "--out", b]);
    } finally {
      failAll = false;
    }
    const json = await runCli(["compare", a, b, "--json"]);
    expect(json.code).toBe(0);
    const c = JSON.parse(json.stdout) as {
      paired_items: number;
      left_out: Record<string, number>;
      metrics: Record<string, { n: number; mde_80: number | null; ci95: unknown }>;
    };
    expect(c.paired_items).toBe(0);
    expect(c.left_out.failed_in_b).toBe(8);
    expect(c.metrics.numeric).toMatchObject({ n: 0, mde_80: null, ci95: null });
    const text = await runCli(["compare", a, b]);
    // Prose wraps at 80 columns: read it as one text.
    expect(text.stdout.replace(/\n +/g, " ")).toMatch(/0 paired items .*left out: failed in b 8/);
    expect(text.stdout).not.toMatch(/0\.0000/);
  });

  it("serves a repeated run from the response cache, marked as cached, and --no-cache asks again", async () => {
    const cache = mkdtempSync(join(tmpdir(), "infermark-cache-"));
    const env = { INFERMARK_CACHE_DIR: cache };
    const first = await runCli(
      ["eval", "--target", server.url, "--task", task, "--scorer", "numeric", "--out", join(dir, "c1"), "--json"],
      env,
    );
    const before = server.requests.length;
    const second = await runCli(
      ["eval", "--target", server.url, "--task", task, "--scorer", "numeric", "--out", join(dir, "c2"), "--json"],
      env,
    );
    expect(second.code).toBe(0);
    expect(server.requests.length).toBe(before); // nothing asked
    const s1 = (JSON.parse(first.stdout) as EvalSummary).tasks[0]!;
    const s2 = (JSON.parse(second.stdout) as EvalSummary).tasks[0]!;
    expect(s2.cached).toBe(8);
    expect(s2.metrics).toEqual(s1.metrics);
    const records = readFileSync(join(dir, "c2", "records.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { cached?: boolean; t_first: number | null; chunks: unknown[] });
    // Real answers, no timings: nothing to mistake for a measured TTFT.
    expect(records.every((r) => r.cached === true && r.t_first === null && r.chunks.length === 0)).toBe(true);
    const third = await runCli(
      [
        "eval",
        "--target",
        server.url,
        "--task",
        task,
        "--scorer",
        "numeric",
        "--no-cache",
        "--out",
        join(dir, "c3"),
        "--json",
      ],
      env,
    );
    expect((JSON.parse(third.stdout) as EvalSummary).tasks[0]!.cached).toBe(0);
    expect(server.requests.length).toBe(before + 8);
  });

  it("keys the cache on the whole /models answer: a redeployment at the same URL misses, and every run says what came from the cache", async () => {
    const env = { INFERMARK_CACHE_DIR: mkdtempSync(join(tmpdir(), "infermark-cache-")) };
    const args = ["eval", "--target", server.url, "--task", task, "--scorer", "numeric", "--json"];
    const first = await runCli([...args, "--out", join(dir, "m1")], env);
    expect(first.stderr).toMatch(/^cache: 0 of 8 answers came from the response cache$/m);
    const before = server.requests.length;
    const hit = await runCli([...args, "--out", join(dir, "m2")], env);
    expect(server.requests.length).toBe(before);
    expect(hit.stderr).toMatch(
      /^cache: 8 of 8 answers came from the response cache \(stored 20\d\d-\d\d-\d\dT[^)]*\), not from the target; --no-cache asks it again$/m,
    );
    const rec = JSON.parse(readFileSync(join(dir, "m2", "records.jsonl"), "utf8").split("\n")[0]!) as {
      cached_at: string;
    };
    expect(Date.parse(rec.cached_at)).toBeGreaterThan(Date.now() - 120_000);
    // Same URL, same model id, a new deployment (another creation time): nothing may come from the cache.
    models = '{"data":[{"id":"raw-model","created":1800000000}]}';
    try {
      const redeployed = await runCli([...args, "--out", join(dir, "m3")], env);
      expect(server.requests.length).toBe(before + 8);
      expect((JSON.parse(redeployed.stdout) as EvalSummary).tasks[0]!.cached).toBe(0);
    } finally {
      models = '{"data":[{"id":"raw-model","created":1700000000}]}';
    }
  });

  it("renders few-shot examples as alternating turns, never the item itself, from a YAML task", async () => {
    const yaml = join(dir, "task.yaml");
    writeFileSync(
      yaml,
      [
        "name: keyed",
        "dataset: questions.jsonl",
        "metrics: [numeric]",
        "prompt:",
        "  system: Answer with a number.",
        "  template: 'Q: {input}'",
        "  fewshot: 2",
        "generation:",
        "  max_tokens: 16",
        "",
      ].join("\n"),
    );
    const before = server.requests.length;
    const res = await runCli([
      "eval",
      "--target",
      server.url,
      "--task",
      yaml,
      "--limit",
      "3",
      "--out",
      join(dir, "fewshot"),
      "--json",
    ]);
    expect(res.code).toBe(0);
    const bodies = server.requests
      .slice(before)
      .map((r) => JSON.parse(r.body) as { messages: Array<{ role: string; content: string }>; max_tokens: number });
    expect(bodies).toHaveLength(3);
    for (const b of bodies) {
      expect(b.max_tokens).toBe(16);
      expect(b.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user", "assistant", "user"]);
      const asked = b.messages.at(-1)!.content;
      const shots = [b.messages[1]!.content, b.messages[3]!.content];
      expect(shots).not.toContain(asked);
      expect(new Set(shots).size).toBe(2);
    }
  });

  it("names the file, line and field of a bad YAML task", async () => {
    const yaml = join(dir, "bad.yaml");
    writeFileSync(yaml, ["name: bad", "dataset: questions.jsonl", "generation:", "  max_tokens: -3", ""].join("\n"));
    const res = await runCli(["eval", "--target", server.url, "--task", yaml, "--out", join(dir, "bad")]);
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toMatch(
      new RegExp(`^infermark: ${yaml.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:4: generation\\.max_tokens: `),
    );
  });

  it("score computes a metric on existing outputs with its CI, and per-item verdicts", async () => {
    const pairs = join(dir, "pairs.jsonl");
    writeFileSync(
      pairs,
      Object.values(KEY)
        .map((v) => JSON.stringify({ prediction: v.reply.content, target: v.target }))
        .join("\n") + "\n",
    );
    const res = await runCli(["score", "--metric", "numeric", "--input", pairs, "--json"]);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { metric: string; value: number; ci95: [number, number]; n: number };
    // Same outputs as above, without the separate reasoning field of hotel ("#### 3" alone): still 5 of 8.
    expect(out).toMatchObject({ metric: "numeric", value: 5 / 8, n: 8 });
    expect(out.ci95[0]).toBeCloseTo(0.3057, 3);
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, '{"prediction": "x", "target": 1}\n{"prediction": "3"}\n');
    const err = await runCli(["score", "--metric", "exact", "--input", bad]);
    expect(err.code).toBe(2);
    expect(err.stderr).toContain(`${bad}:2: needs "target"`);
  });

  it("score --metric choice says which rows it cannot judge instead of scoring them 0", async () => {
    const rows = join(dir, "mc-rows.jsonl");
    writeFileSync(
      rows,
      [
        '{"prediction": "The answer is B, because", "target": "B", "choices": ["x", "y", "z"]}',
        '{"prediction": "B", "target": "B"}',
        '{"prediction": "C", "target": "2", "choices": ["x", "y", "z"]}',
      ].join("\n") + "\n",
    );
    const res = await runCli(["score", "--metric", "choice", "--input", rows, "--json"]);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ metric: "choice", value: 1, n: 2 });
    expect(res.stderr).toContain(
      "choice: 1 of 3 samples not scored and left out of the metric (1× the item has no choices)",
    );
    const none = join(dir, "mc-none.jsonl");
    writeFileSync(none, '{"prediction": "B", "target": "B"}\n');
    const err = await runCli(["score", "--metric", "choice", "--input", none]);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/choice: 1 of 1 samples not scored .*nothing to score/);
  });
});

describe("multiple choice by extracted letter and by option log-probability", () => {
  it("reports both, from the first output token that is a letter, summing a letter's surface forms", async () => {
    const top: Record<string, { answer: string; top: Array<[string, number]> }> = {
      // Says B, but A's two forms together are likelier: e^-1 + e^-1.2 > e^-0.9.
      one: {
        answer: "B",
        top: [
          [" B", -0.9],
          [" A", -1.0],
          ["A", -1.2],
        ],
      },
      two: {
        answer: "B",
        top: [
          [" B", -0.1],
          [" C", -2.5],
        ],
      },
      three: {
        answer: "A",
        top: [
          [" A", -0.2],
          [" C", -1.8],
        ],
      },
    };
    const server = await rawServer((_req, res, body) => {
      const key = Object.keys(top).find((k) => body.includes(`[${k}]`))!;
      const t = top[key]!;
      const tokens = [
        { token: "Answer", logprob: -0.01, top_logprobs: [{ token: "Answer", logprob: -0.01 }] },
        { token: ":", logprob: -0.01, top_logprobs: [] },
        {
          token: ` ${t.answer}`,
          logprob: t.top[0]![1],
          top_logprobs: t.top.map(([token, logprob]) => ({ token, logprob })),
        },
      ];
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: `Answer: ${t.answer}` }, logprobs: { content: tokens }, finish_reason: "stop" }] })}\n\ndata: [DONE]\n\n`,
      );
    });
    try {
      const dir = mkdtempSync(join(tmpdir(), "infermark-mc-"));
      const file = join(dir, "mc.jsonl");
      writeFileSync(
        file,
        ["one", "two", "three"]
          .map((k, i) =>
            JSON.stringify({ id: k, input: `Pick [${k}]`, choices: ["red", "green", "blue"], target: "ABC"[i] }),
          )
          .join("\n") + "\n",
      );
      const env = { INFERMARK_CACHE_DIR: mkdtempSync(join(tmpdir(), "infermark-cache-")) };
      const res = await runCli(
        ["eval", "--target", server.url, "--task", file, "--logprobs", "--out", join(dir, "run"), "--json"],
        env,
      );
      expect(res.code).toBe(0);
      const body = JSON.parse(server.requests[0]!.body) as Record<string, unknown>;
      expect(body).toMatchObject({ logprobs: true, top_logprobs: 20 });
      const m = (JSON.parse(res.stdout) as EvalSummary).tasks[0]!.metrics;
      expect(m.choice!.value).toBe(1 / 3); // only "two"
      expect(m.choice_logprob!.value).toBe(2 / 3); // "one" and "two"
      // The same run again is answered from the cache, and a hit carries the log-probabilities too.
      const again = await runCli(
        ["eval", "--target", server.url, "--task", file, "--logprobs", "--out", join(dir, "again"), "--json"],
        env,
      );
      expect(server.requests).toHaveLength(3);
      const s2 = (JSON.parse(again.stdout) as EvalSummary).tasks[0]!;
      expect(s2.cached).toBe(3);
      expect(s2.metrics.choice_logprob).toEqual(m.choice_logprob);
      const recs = readFileSync(join(dir, "again", "records.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { cached: boolean; logprobs?: unknown[] });
      expect(recs.every((r) => r.cached && r.logprobs?.length === 3)).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe("infermark eval on the embedded engine (stories260K) over a GSM8K slice", () => {
  it("reports near-zero accuracy with its CI, and after a crash --resume re-asks nothing already answered", async () => {
    const dir = mkdtempSync(join(tmpdir(), "infermark-eval-llama-"));
    const out = join(dir, "run");
    const records = join(out, "records.jsonl");
    const args = [
      "eval",
      "--task",
      "gsm8k",
      "--data",
      join(SHARED, "datasets", "gsm8k", "test.jsonl"),
      "--limit",
      "8",
      "--max-tokens",
      "24",
      "--concurrency",
      "1",
      "--json",
    ];
    // Kill the run (SIGKILL: no cleanup at all) once a few answers are on disk.
    const first = await runCli([...args, "--out", out], { INFERMARK_MODEL: SHARED_MODEL }, (child) => {
      const poll = setInterval(() => {
        const lines = existsSync(records) ? readFileSync(records, "utf8").split("\n").filter(Boolean).length : 0;
        if (lines >= 3) {
          clearInterval(poll);
          child.kill("SIGKILL");
        }
      }, 2);
      child.on("exit", () => clearInterval(poll));
    });
    const answered = readFileSync(records, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { eval: { item_id: string } });
    const before = new Set(answered.map((r) => r.eval.item_id));
    expect(first.signal).toBe("SIGKILL");
    expect(before.size).toBeLessThan(8);

    const res = await runCli(["eval", "--resume", out, "--json"], { INFERMARK_MODEL: SHARED_MODEL });
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(`(${8 - before.size} requests sent on resume)`);
    const all = readFileSync(records, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { eval: { item_id: string } });
    // Nothing answered before the crash was asked again: 8 items, 8 records.
    expect(all).toHaveLength(8);
    expect(new Set(all.map((r) => r.eval.item_id)).size).toBe(8);
    const s = (JSON.parse(res.stdout) as EvalSummary).tasks[0]!;
    expect(s.n).toBe(8);
    const m = s.metrics.numeric!;
    expect(m.value).toBeLessThanOrEqual(1 / 8);
    // The Wilson interval of k correct of 8, from its formula (z = 1.959964), whatever k came out:
    // k = 0 gives [0, z²/(n + z²)] ≈ [0, 0.324]; k = 1 gives ≈ [0.022, 0.471].
    const k = Math.round(m.value * 8);
    expect(m.value).toBe(k / 8);
    const z = 1.959964;
    const n = 8;
    const p = k / n;
    const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
    const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
    expect(m.ci95[0]).toBeCloseTo(Math.max(0, centre - half), 4);
    expect(m.ci95[1]).toBeCloseTo(Math.min(1, centre + half), 4);
  });
});

describe("presets without --data: the Hugging Face datasets server, cached", () => {
  it("downloads the rows page by page once, evaluates, reuses the cache, and offline names the file to pass", async () => {
    const rows = Array.from({ length: 150 }, (_, i) => ({ question: `Q${i}: how many?`, answer: `work\n#### ${i}` }));
    const hubHits: string[] = [];
    const hub = await rawServer((req, res) => {
      const u = new URL(req.url!, "http://x");
      hubHits.push(u.search);
      const offset = Number(u.searchParams.get("offset"));
      const length = Number(u.searchParams.get("length"));
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          rows: rows.slice(offset, offset + length).map((row, k) => ({ row_idx: offset + k, row })),
          num_rows_total: rows.length,
        }),
      );
    });
    const model = await rawServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "#### 1" }, finish_reason: "stop" }] })}\n\ndata: [DONE]\n\n`,
      );
    });
    try {
      const cache = mkdtempSync(join(tmpdir(), "infermark-hubcache-"));
      const dir = mkdtempSync(join(tmpdir(), "infermark-hub-"));
      const env = { INFERMARK_CACHE_DIR: cache, INFERMARK_HF_DATASETS_ENDPOINT: hub.url.replace(/\/v1$/, "") };
      const args = ["eval", "--target", model.url, "--task", "gsm8k", "--limit", "3", "--json"];
      const first = await runCli([...args, "--out", join(dir, "a")], env);
      expect(first.code).toBe(0);
      expect(hubHits.map((q) => new URLSearchParams(q).get("offset"))).toEqual(["0", "100"]);
      expect(new URLSearchParams(hubHits[0]).get("dataset")).toBe("openai/gsm8k");
      // Item 1 of the downloaded rows has target 1, which the model always answers.
      expect((JSON.parse(first.stdout) as EvalSummary).tasks[0]!.metrics.numeric!.value).toBe(1 / 3);
      const cached = readFileSync(join(cache, "datasets", "gsm8k", "test.jsonl"), "utf8")
        .trim()
        .split("\n");
      expect(cached).toHaveLength(150);
      const second = await runCli([...args, "--no-cache", "--out", join(dir, "b")], env);
      expect(second.code).toBe(0);
      expect(hubHits).toHaveLength(2); // served from the dataset cache
      const offline = await runCli([...args, "--out", join(dir, "c")], {
        INFERMARK_CACHE_DIR: mkdtempSync(join(tmpdir(), "infermark-empty-")),
        INFERMARK_HF_DATASETS_ENDPOINT: "http://127.0.0.1:9",
      });
      expect(offline.code).toBe(2);
      expect(offline.stderr.trim()).toMatch(
        /^infermark: --task gsm8k: cannot download it from the Hugging Face Hub \(.+\); pass --data PATH with test\.jsonl from openai\/grade-school-math/,
      );
    } finally {
      await Promise.all([hub.close(), model.close()]);
    }
  });
});
