import { getLlama, LlamaLogLevel, type Token } from "node-llama-cpp";
import { afterAll, describe, expect, it } from "vitest";
import { LlamaTarget } from "../../src/targets/llama.js";
import { SHARED_MODEL, runCli } from "../helpers/cli.js";
import { runLevel } from "../helpers/run-level.js";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The real llama.cpp engine (node-llama-cpp 3.21.1) on the shared 260K-parameter model.
describe("embedded llama.cpp target", () => {
  const open: LlamaTarget[] = [];
  afterAll(async () => {
    for (const t of open) await t.close();
  });

  for (const parallel of [1, 4]) {
    it(`produces text, per-token timings and tokenizer counts at --parallel ${parallel}`, async () => {
      const target = await LlamaTarget.open({ modelPath: SHARED_MODEL, threads: 1, parallel, ctxSize: 256 });
      open.push(target);
      expect(target.info).toMatchObject({ kind: "llama", threads: 1, parallel, gpu: false });
      expect(target.info.load_ms).toBeGreaterThan(0);
      expect(target.info.rss_bytes_after_load).toBeGreaterThan(10_000_000);
      const { records, level } = await runLevel(target, {
        concurrency: parallel,
        requests: 2 * parallel,
        outputTokens: 24,
        inputTokens: 16,
      });
      expect(level.requests.completed).toBe(2 * parallel);
      for (const r of records) {
        expect(r.text.length).toBeGreaterThan(0);
        expect(r.tokens.output_source).toBe("tokenizer");
        expect(r.tokens.chunk_tokens).toBe("tokenizer");
        expect(r.chunks.every(([, k]) => k === 1)).toBe(true);
        expect(r.tokens.output).toBe(r.chunks.length);
        expect(r.tokens.output).toBeLessThanOrEqual(24);
        // a BOS token plus the prompt's words: at least one token per word
        expect(r.tokens.input).toBeGreaterThan(16);
        expect(r.t_first!).toBeGreaterThan(r.t_sent);
        for (let i = 1; i < r.chunks.length; i++) expect(r.chunks[i]![0]).toBeGreaterThanOrEqual(r.chunks[i - 1]![0]);
      }
      expect(level.latency_ms.itl.n).toBe(level.tokens.output - level.requests.completed);
      expect(level.validity.itl_estimated).toBe(false);
    });
  }

  it("streams text that joins to the full detokenisation of what was generated (incremental detokeniser)", async () => {
    const target = await LlamaTarget.open({ modelPath: SHARED_MODEL, threads: 1, parallel: 1, ctxSize: 512 });
    open.push(target);
    // The reference: the same greedy generation, detokenised whole at the end.
    const llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.error, maxThreads: 1 });
    const model = await llama.loadModel({ modelPath: SHARED_MODEL });
    const context = await model.createContext({ sequences: 1, contextSize: 512, threads: 1 });
    const seq = context.getSequence();
    try {
      for (const prompt of [
        "Once upon a time",
        "Lily and Ben went to the park. They saw",
        "héllo wörld 日本語 😀",
        "1 2 3",
      ]) {
        await seq.clearHistory();
        const bos = model.tokens.bos;
        const generated: Token[] = [];
        for await (const token of seq.evaluate([...(bos !== null ? [bos] : []), ...model.tokenize(prompt)], {
          temperature: 0,
        })) {
          generated.push(token);
          if (generated.length >= 200) break;
        }
        let text = "";
        let chunks = 0;
        await target.send(
          { id: prompt, prompt, maxTokens: 200, ignoreEos: true, params: {} },
          (e) => {
            if (e.type !== "token") return;
            text += e.content;
            chunks++;
          },
          new AbortController().signal,
        );
        expect(chunks).toBe(200);
        expect(text).toBe(model.detokenize(generated));
      }
    } finally {
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    }
  });

  it("generates past end-of-sequence with ignore_eos, and fails a request that overflows the context", async () => {
    const target = await LlamaTarget.open({ modelPath: SHARED_MODEL, threads: 1, parallel: 1, ctxSize: 64 });
    open.push(target);
    const never = new AbortController().signal;
    const events: string[] = [];
    let tokens = 0;
    await target.send(
      { id: "a", prompt: "Once upon a time", maxTokens: 40, ignoreEos: true, params: {} },
      (e) => {
        events.push(e.type);
        if (e.type === "token") tokens++;
      },
      never,
    );
    expect(tokens).toBe(40);
    expect(events.at(-1)).toBe("end");
    let error = "";
    await target.send(
      { id: "b", prompt: "Once upon a time", maxTokens: 5000, ignoreEos: false, params: {} },
      (e) => {
        if (e.type === "error") error = `${e.kind}: ${e.message}`;
      },
      never,
    );
    expect(error).toMatch(
      /^context_overflow: prompt \(\d+ tokens\) \+ max_tokens \(5000\) exceeds the context size \d+; raise --ctx-size/,
    );
  });

  it("runs from the CLI with INFERMARK_MODEL and records threads and timing source", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "infermark-llama-")), "run");
    const res = await runCli(
      [
        "bench",
        "--requests",
        "3",
        "--input-tokens",
        "8",
        "--output-tokens",
        "8",
        "--threads",
        "1",
        "--out",
        out,
        "--json",
      ],
      { INFERMARK_MODEL: SHARED_MODEL },
    );
    expect(res.stderr).not.toContain("infermark:");
    expect(res.code).toBe(0);
    const summary = JSON.parse(res.stdout) as {
      target: Record<string, unknown>;
      levels: Array<{ requests: { completed: number } }>;
    };
    expect(summary.target).toMatchObject({
      kind: "llama",
      threads: 1,
      model_source: "INFERMARK_MODEL",
      timing_source: "sequence.evaluate (one token per step)",
    });
    expect(summary.levels[0]!.requests.completed).toBe(3);
    expect(
      (JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as { target: { threads: number } }).target.threads,
    ).toBe(1);
  });

  it("a healthy embedded run is not client-limited: the engine's CPU is not the client's", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "infermark-llama-")), "run");
    const res = await runCli(["bench", "--requests", "10", "--out", out], { INFERMARK_MODEL: SHARED_MODEL });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain("10/10 completed");
    expect(res.stdout).not.toMatch(/client-limited/);
    const line = JSON.parse(readFileSync(join(out, "levels.jsonl"), "utf8").split("\n")[0]!) as {
      client: { cpu_is_client?: boolean; cpu_cores: number };
    };
    expect(line.client.cpu_is_client).toBe(false);
  });

  it("sizes --input-tokens in the model's own tokens and says so (it was ~706 tokens for 256 words on this model)", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "infermark-llama-")), "run");
    const res = await runCli(
      [
        "bench",
        "--requests",
        "3",
        "--input-tokens",
        "256",
        "--output-tokens",
        "4",
        "--threads",
        "1",
        "--ctx-size",
        "512",
        "--out",
        out,
      ],
      { INFERMARK_MODEL: SHARED_MODEL },
    );
    expect(res.code).toBe(0);
    const records = readFileSync(join(out, "records.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { tokens: { input: number; input_source: string } });
    for (const r of records) {
      expect(r.tokens.input_source).toBe("tokenizer");
      // The longest word sequence within 256 tokens: short of it by less than one word (a few tokens on this 512-token vocabulary).
      expect(r.tokens.input).toBeLessThanOrEqual(256);
      expect(r.tokens.input).toBeGreaterThan(256 - 8);
    }
    expect(res.stderr.replace(/\n +/g, " ")).toMatch(
      /prompt lengths: sized in the target's own tokens \(engine tokenizer\), aiming at 256: achieved 2\d\d\.\d tokens per prompt \(counted by tokenizer\)/,
    );
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as { workload: { input_sized_by: string } };
    expect(run.workload.input_sized_by).toBe("engine tokenizer");
  }, 60_000);
});
