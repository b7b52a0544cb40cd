import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleKey } from "../../src/records/eval-key.js";
import type { ChatMessage } from "../../src/records/protocol.js";
import type { RequestRecord } from "../../src/records/record.js";
import { evaluate, summarizeEvalDir, type EvalOptions } from "../../src/runner/eval-session.js";
import type { ItemVariant } from "../../src/workloads/tasks/variant.js";
import type { SampleVerdict } from "../../src/standards/accuracy/summarize-eval.js";
import { packageRoot } from "../../src/package-root.js";
import { cliEnv } from "../helpers/cli.js";
import { rawServer } from "../helpers/raw-server.js";

const TARGETS: Record<string, number> = { alpha: 1234, bravo: 42, charlie: 7, delta: 10, echo: 5, foxtrot: 8 };

/** The item's question as text (these items are all plain text). */
const text = (input: string | ChatMessage[]): string =>
  typeof input === "string" ? input : input.map((m) => m.content).join("\n");

/** Test-only variants: one the server still understands, one that garbles the key word it answers by. */
const shout: ItemVariant = {
  name: "shout",
  seed: 0,
  apply: (item) => ({ ...item, input: text(item.input).toUpperCase() }),
};
/** Rotates the key word in brackets left by seed mod its length: with seed 3, "(alpha)" becomes "(haalp)"; no key rotates into another or itself. */
const garble: ItemVariant = {
  name: "garble",
  seed: 3,
  apply: (item) => ({
    ...item,
    input: text(item.input).replace(
      /\((\w+)\)/,
      (_m, k: string) => `(${k.slice(3 % k.length)}${k.slice(0, 3 % k.length)})`,
    ),
  }),
};

const lines = <T>(path: string): T[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);

describe("eval with item variants, K = 2, against a local server", () => {
  let server: Awaited<ReturnType<typeof rawServer>>;
  let dir: string;
  let task: string;
  beforeAll(async () => {
    server = await rawServer((_req, res, body) => {
      const key = Object.keys(TARGETS).find((k) => body.toLowerCase().includes(`(${k})`));
      const content = key ? `The answer is ${TARGETS[key]}.` : "?";
      // A little latency, so that requests are in flight when the run is cut.
      setTimeout(() => {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.end(
          `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: "stop" }] })}\n\ndata: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 12, completion_tokens: 5 } })}\n\ndata: [DONE]\n\n`,
        );
      }, 15);
    });
    dir = mkdtempSync(join(tmpdir(), "infermark-variants-"));
    task = join(dir, "questions.jsonl");
    writeFileSync(
      task,
      Object.entries(TARGETS)
        .map(([k, t]) => JSON.stringify({ id: k, input: `How many? (${k})`, target: t }))
        .join("\n") + "\n",
    );
  });
  afterAll(() => server.close());

  const options = (outDir: string, over: Partial<EvalOptions> = {}): EvalOptions => ({
    target: {
      target: server.url,
      api: "chat",
      stream: true,
      timeoutMs: 30_000,
      connections: 4,
      threads: 1,
      parallel: 1,
      ctxSize: 512,
    },
    spec: { task, scorers: ["numeric"], limit: null, samples: 2, seed: 3 },
    concurrency: 2,
    params: {},
    outDir,
    resume: false,
    cache: false,
    command: ["test"],
    ...over,
  });

  it("cut after 10 answers and resumed: every (item, variant, sample) is answered exactly once, and the original is summarised as without variants", async () => {
    const out = join(dir, "cut");
    const stop = new AbortController();
    const abort = new AbortController();
    let seen = 0;
    const onRecord = (): void => {
      if (++seen !== 10) return;
      stop.abort();
      abort.abort();
    };
    await evaluate(
      options(out, { variants: [shout, garble] }),
      { onRecord },
      { stop: stop.signal, abort: abort.signal },
    );
    const before = lines<RequestRecord>(join(out, "records.jsonl"));
    const answeredBefore = before.filter((r) => r.error === null).length;
    // 6 items × (original + 2 variants) × 2 samples = 36; the cut left most of them unasked.
    expect(answeredBefore).toBeGreaterThanOrEqual(10);
    expect(answeredBefore).toBeLessThan(36);

    // Resumed without the variant code: their items come from the run directory.
    const resumed = await evaluate(options(out, { resume: true }));
    expect(resumed.sent).toBe(36 - answeredBefore);
    const records = lines<RequestRecord>(join(out, "records.jsonl"));
    const completed = records.filter((r) => r.error === null);
    expect(completed).toHaveLength(36);
    const keys = completed.map((r) => (r.eval ? sampleKey(r.eval) : "none"));
    expect(new Set(keys).size).toBe(36);
    for (const id of Object.keys(TARGETS)) {
      for (const variant of [null, { name: "shout", seed: 0 }, { name: "garble", seed: 3 }]) {
        for (const sample of [0, 1]) expect(keys).toContain(sampleKey({ item_id: id, sample, variant }));
      }
    }
    const samples = lines<SampleVerdict>(join(out, "samples.jsonl"));
    expect(samples).toHaveLength(36);
    expect(new Set(samples.map((s) => sampleKey(s))).size).toBe(36);

    // A perturbed record names its variant and carries the text exactly as sent.
    const garbled = completed.find((r) => r.eval?.item_id === "alpha" && r.eval.variant?.name === "garble");
    expect(garbled?.eval?.variant).toEqual({ name: "garble", seed: 3 });
    const asked = (r: RequestRecord | undefined): string => {
      const messages = r?.request.body.messages;
      return Array.isArray(messages) ? String((messages.at(-1) as { content: string }).content) : "";
    };
    // The task's template adds its answer instruction after the (perturbed) question.
    expect(asked(garbled)).toMatch(/^How many\? \(haalp\)\n/);
    // The original's records carry no variant field at all, as before variants existed.
    expect(completed.filter((r) => r.eval && !("variant" in r.eval))).toHaveLength(12);
    // A sample draws with one seed under every variant: the variants differ in their input only.
    const seedOf = (variant: string | null): unknown =>
      completed.find(
        (r) => r.eval?.item_id === "bravo" && r.eval.sample === 1 && (r.eval.variant?.name ?? null) === variant,
      )?.request.body.seed;
    expect(seedOf("shout")).toBe(seedOf(null));
    expect(seedOf("garble")).toBe(seedOf(null));

    const t = resumed.summary.tasks[0];
    // The server understands the original and the shouted question, never the garbled one.
    expect(t?.metrics.numeric).toMatchObject({ value: 1, n: 12 });
    expect(t?.variants?.shout).toMatchObject({
      seed: 0,
      n: 6,
      failed: 0,
      no_answer_rate: 0,
      metrics: { numeric: { value: 1, n: 12 } },
    });
    expect(t?.variants?.garble).toMatchObject({
      seed: 3,
      n: 6,
      failed: 0,
      no_answer_rate: 1,
      metrics: { numeric: { value: 0, n: 12 } },
    });

    // The same task without variants summarises to exactly the original's part.
    const plain = await evaluate(options(join(dir, "plain")));
    const withoutVariants = { ...t };
    delete withoutVariants.variants;
    // What variants add beside the original: robustness, here from two variants the server
    // answers right (shout) and wrong (garble) on every item it answers right as written.
    expect(t?.robustness?.perturbations.shout?.flips).toEqual({ to_wrong: 0, to_right: 0 });
    expect(t?.robustness?.perturbations.garble?.flips).toEqual({ to_wrong: 6, to_right: 0 });
    expect(t?.robustness?.worst_case).toMatchObject({ value: 0, n: 6 });
    delete withoutVariants.robustness;
    // The items behind the flips: every item under garble, right → wrong, on its first sample.
    expect(t?.flips?.map((f) => [f.variant, f.direction])).toEqual(
      Array.from({ length: 6 }, () => ["garble", "to_wrong"]),
    );
    delete withoutVariants.flips;
    expect(withoutVariants).toEqual(plain.summary.tasks[0]);
    expect(plain.summary.tasks[0]).not.toHaveProperty("variants");

    // report rebuilds the summary from the run directory alone, byte for byte.
    expect(JSON.stringify(summarizeEvalDir(out).summary, null, 2) + "\n").toBe(
      readFileSync(join(out, "summary.json"), "utf8"),
    );
  });

  it("killed with SIGKILL mid-run (no cleanup at all) and resumed: each (item, variant, sample) has exactly one record", async () => {
    const out = join(dir, "killed");
    const records = join(out, "records.jsonl");
    // The library as built, in a process of its own, with the same two variants written inline.
    const script = join(dir, "run-variants.mjs");
    const lib = join(packageRoot(), "dist", "src", "runner", "eval-session.js");
    writeFileSync(
      script,
      `import { evaluate } from ${JSON.stringify(lib)};
const [url, task, out] = process.argv.slice(2);
const shout = { name: "shout", seed: 0, apply: (item) => ({ ...item, input: String(item.input).toUpperCase() }) };
const garble = { name: "garble", seed: 3, apply: (item) => ({ ...item, input: String(item.input).replace(/\\((\\w+)\\)/, (_m, k) => "(" + k.slice(3 % k.length) + k.slice(0, 3 % k.length) + ")") }) };
await evaluate({ target: { target: url, api: "chat", stream: true, timeoutMs: 30000, connections: 4, threads: 1, parallel: 1, ctxSize: 512 }, spec: { task, scorers: ["numeric"], limit: null, samples: 2, seed: 3 }, concurrency: 2, params: {}, outDir: out, resume: false, cache: false, command: ["test"], variants: [shout, garble] });
`,
    );
    const child = spawn(process.execPath, [script, server.url, task, out], { env: cliEnv(), stdio: "ignore" });
    const poll = setInterval(() => {
      const n = existsSync(records) ? readFileSync(records, "utf8").split("\n").filter(Boolean).length : 0;
      if (n >= 8) {
        clearInterval(poll);
        child.kill("SIGKILL");
      }
    }, 2);
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, sig) => (clearInterval(poll), resolve(sig))),
    );
    expect(signal).toBe("SIGKILL");
    const before = lines<RequestRecord>(records).length;
    expect(before).toBeLessThan(36);

    const resumed = await evaluate(options(out, { resume: true }));
    expect(resumed.sent).toBe(36 - before);
    const all = lines<RequestRecord>(records);
    expect(all).toHaveLength(36);
    expect(all.every((r) => r.error === null)).toBe(true);
    expect(new Set(all.map((r) => (r.eval ? sampleKey(r.eval) : "none"))).size).toBe(36);
    expect(resumed.summary.tasks[0]?.variants?.garble?.metrics.numeric).toMatchObject({ value: 0, n: 12 });
  });

  it("a resume given other variants than the run's is refused before any request", async () => {
    const out = join(dir, "other");
    await evaluate(
      options(out, { variants: [shout], spec: { task, scorers: ["numeric"], limit: 2, samples: 1, seed: 0 } }),
    );
    const before = server.requests.length;
    await expect(evaluate(options(out, { resume: true, variants: [garble] }))).rejects.toThrow(
      /variants given differ from the run's/,
    );
    expect(server.requests.length).toBe(before);
  });

  it("two variants with one name are refused", async () => {
    await expect(
      evaluate(options(join(dir, "dup"), { variants: [shout, { ...garble, name: "shout" }] })),
    ).rejects.toThrow(/variant shout is given twice/);
  });
});
