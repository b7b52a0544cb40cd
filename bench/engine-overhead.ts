// Embedded-engine overhead: infermark bench on the embedded llama.cpp engine against a bare
// `sequence.evaluate()` loop that detokenises as it goes, on the same raw prompts, in one process.
// Run with `npm run bench` (needs INFERMARK_MODEL or ../shared/models/stories260K.gguf).
//
// Both generate exactly TOKENS tokens per prompt (EOS ignored), one sequence, one thread. Reported:
// output tokens/s over the whole run, TTFT p50 and TPOT p50, and infermark's tokens/s as a share of
// the bare loop's. Each side runs ROUNDS times, alternating; the best round of each is compared,
// so a busy moment on the machine does not decide the ratio.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getLlama, LlamaLogLevel, type Token } from "node-llama-cpp";
import { packageRoot } from "../src/package-root.js";
import { bench } from "../src/runner/bench-session.js";
import { distribution } from "../src/stats/distribution.js";

const PROMPTS = 30;
const TOKENS = 128;
const INPUT = 256;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MODEL = process.env.INFERMARK_MODEL ?? join(packageRoot(), "..", "shared", "models", "stories260K.gguf");
const SEED = 7;

interface Round {
  tokensPerS: number;
  ttftP50: number;
  tpotP50: number;
}

async function bareLoop(prompts: string[]): Promise<Round> {
  const llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.error, maxThreads: 1 });
  const model = await llama.loadModel({ modelPath: MODEL });
  const context = await model.createContext({ sequences: 1, contextSize: 512, threads: 1, batchSize: 512 });
  const seq = context.getSequence();
  const ttft: number[] = [];
  const tpot: number[] = [];
  let tokens = 0;
  // Warm the engine as infermark's initial request does.
  const warm = seq.evaluate(model.tokenize("Once upon a time", true), { temperature: 0 });
  await warm.next();
  await warm.return(undefined);
  const start = performance.now();
  for (const prompt of prompts) {
    await seq.clearHistory();
    const bos = model.tokens.bos;
    const input =
      model.tokens.shouldPrependBosToken && bos !== null ? [bos, ...model.tokenize(prompt)] : model.tokenize(prompt);
    const sent = performance.now();
    const out: Token[] = [];
    let text = "";
    let first = 0;
    let last = 0;
    for await (const token of seq.evaluate(input, { temperature: 0 })) {
      last = performance.now();
      if (out.length === 0) first = last;
      text += model.detokenize([token], false, out);
      out.push(token);
      if (out.length >= TOKENS) break;
    }
    if (text.length === 0) throw new Error("no text");
    tokens += out.length;
    ttft.push(first - sent);
    tpot.push((last - first) / (out.length - 1));
  }
  const seconds = (performance.now() - start) / 1000;
  await context.dispose();
  await model.dispose();
  await llama.dispose();
  return {
    tokensPerS: tokens / seconds,
    ttftP50: distribution(ttft).p50 ?? Number.NaN,
    tpotP50: distribution(tpot).p50 ?? Number.NaN,
  };
}

/** One infermark bench round, and the exact prompts it sent (sized in the engine's own tokens). */
async function infermark(): Promise<Round & { prompts: string[] }> {
  const { summary, records } = await bench({
    target: {
      target: `llama:${MODEL}`,
      api: "completions",
      stream: true,
      timeoutMs: 0,
      connections: 1,
      threads: 1,
      parallel: 1,
      ctxSize: 512,
    },
    workload: { seed: SEED, input: { mean: INPUT, sd: 0 }, output: { mean: TOKENS, sd: 0 }, sharedPrefix: 0 },
    schedule: { kind: "levels", loads: [{ mode: "concurrency", value: 1 }] },
    level: {
      spans: { warmup: { requests: 0 }, measure: { requests: PROMPTS }, cooldown: { requests: 0 } },
      seed: 0,
      rampUpS: 0,
      arrival: "poisson",
      maxConcurrency: null,
    },
    ignoreEos: true,
    initialRequest: true,
    params: {},
    slo: [],
    workers: 1,
    outDir: join(mkdtempSync(join(tmpdir(), "infermark-engine-")), "run"),
    command: ["bench/engine-overhead"],
  });
  const l = summary.levels[0];
  if (!l || l.requests.completed !== PROMPTS) throw new Error("infermark run incomplete");
  // Tokens over the span from the first send to the last stream end, as the bare loop measures.
  const prompts = records
    .filter((r) => r.phase === "measure")
    .sort((a, b) => a.id - b.id)
    .map((r) => String(r.request.body.prompt));
  return {
    tokensPerS: l.throughput.output_tokens_per_s,
    ttftP50: l.latency_ms.ttft.p50 ?? Number.NaN,
    tpotP50: l.latency_ms.tpot.p50 ?? Number.NaN,
    prompts,
  };
}

async function main(): Promise<void> {
  if (!existsSync(MODEL)) throw new Error(`model not found: ${MODEL} (set INFERMARK_MODEL)`);
  const mine: Round[] = [];
  const bare: Round[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // The bare loop gets exactly the prompts infermark sent (same seed every round, so the same each time).
    const { prompts, ...round } = await infermark();
    mine.push(round);
    bare.push(await bareLoop(prompts));
  }
  const best = (rs: Round[]): Round => rs.reduce((a, b) => (b.tokensPerS > a.tokensPerS ? b : a));
  const m = best(mine);
  const b = best(bare);
  const f = (x: number, d = 2): string => x.toFixed(d);
  console.log(
    `embedded engine overhead: the same ${PROMPTS} raw prompts (--input-tokens ${INPUT}, sized in the engine's tokens), ${TOKENS} tokens each, 1 thread, 1 sequence, best of ${ROUNDS}`,
  );
  console.log(
    "TTFT: infermark's runs from handing the request to the engine (tokenising and clearing the sequence included); the bare loop's from the evaluate() call",
  );
  console.log("| client | output tok/s | TTFT p50 (ms) | TPOT p50 (ms) |");
  console.log("|---|---|---|---|");
  console.log(`| bare sequence.evaluate() loop | ${f(b.tokensPerS, 1)} | ${f(b.ttftP50)} | ${f(b.tpotP50, 3)} |`);
  console.log(`| infermark bench | ${f(m.tokensPerS, 1)} | ${f(m.ttftP50)} | ${f(m.tpotP50, 3)} |`);
  console.log(`ratio (infermark / bare) output tok/s: ${f(m.tokensPerS / b.tokensPerS, 3)} (target ≥ 0.97)`);
  console.log(JSON.stringify({ bench: "engine-overhead", rounds: { infermark: mine, bare } }));
}

await main();
