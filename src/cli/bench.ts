import { Command, Option } from "commander";
import { z } from "zod";
import { UserError } from "../errors.js";
import { renderBenchSummary } from "../report/bench-table.js";
import { bench } from "../runner/bench-session.js";
import { defaultThreads, LLAMA_PARAMS } from "../targets/llama-params.js";
import { parseLength } from "../workloads/length.js";
import { collectParam, nonNegativeInt, parseFlags, positiveInt, positiveIntList } from "./options.js";
import { handleInterrupts, showProgress } from "./interactive.js";

const flags = z.object({
  target: z.string().optional(),
  api: z.enum(["chat", "completions"]),
  model: z.string().optional(),
  apiKeyEnv: z.string(),
  param: z.record(z.string(), z.unknown()),
  stream: z.boolean(),
  concurrency: positiveIntList.optional(),
  requests: positiveInt,
  inputTokens: z.string(),
  outputTokens: z.string(),
  ignoreEos: z.boolean(),
  sharedPrefix: nonNegativeInt,
  seed: z.coerce.number().int("must be an integer"),
  dataset: z.string().optional(),
  warmup: nonNegativeInt,
  timeout: z.coerce.number().min(0, "must be 0 or more seconds"),
  out: z.string().optional(),
  json: z.boolean(),
  threads: positiveInt.optional(),
  parallel: positiveInt,
  ctxSize: positiveInt,
});

function defaultOutDir(): string {
  return `runs/bench-${new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-")}`;
}

async function action(raw: Record<string, unknown>): Promise<void> {
  const f = parseFlags(flags, raw);
  const isHttp = f.target !== undefined && !f.target.startsWith("llama:");
  if (!isHttp) {
    const unknown = Object.keys(f.param).filter((k) => !(LLAMA_PARAMS as readonly string[]).includes(k));
    if (unknown.length) throw new UserError(`--param ${unknown.join(", ")}: the embedded engine takes only ${LLAMA_PARAMS.join(", ")}`);
  }
  const concurrency = f.concurrency ?? [isHttp ? 1 : f.parallel];
  const apiKey = process.env[f.apiKeyEnv] || undefined;
  const outDir = f.out ?? defaultOutDir();
  const interrupts = handleInterrupts();
  const progress = showProgress(!f.json);
  try {
    const result = await bench(
      {
        target: {
          ...(f.target !== undefined ? { target: f.target } : {}),
          ...(f.model ? { model: f.model } : {}),
          ...(apiKey ? { apiKey } : {}),
          api: f.api,
          stream: f.stream,
          timeoutMs: f.timeout * 1000,
          connections: Math.max(...concurrency),
          threads: f.threads ?? defaultThreads(),
          parallel: f.parallel,
          ctxSize: f.ctxSize,
        },
        workload: {
          ...(f.dataset ? { dataset: f.dataset } : {}),
          seed: f.seed,
          input: parseLength(f.inputTokens, "--input-tokens"),
          output: parseLength(f.outputTokens, "--output-tokens"),
          sharedPrefix: f.sharedPrefix,
        },
        plan: {
          levels: concurrency.map((value) => ({ mode: "concurrency" as const, value })),
          requestsPerLevel: f.requests,
          warmup: f.warmup,
          ignoreEos: f.ignoreEos,
          params: f.param,
        },
        outDir,
        command: ["infermark", ...process.argv.slice(2)],
      },
      progress.hooks,
      interrupts.signals,
    );
    progress.stop();
    if (f.json) process.stdout.write(JSON.stringify(result.summary, null, 2) + "\n");
    else process.stdout.write(renderBenchSummary(result.summary));
    process.stderr.write(`run directory: ${outDir}\n`);
    if (interrupts.interrupted()) {
      process.stderr.write(`interrupted: the summary covers the ${result.records.length} requests that finished\n`);
      process.exitCode = 130;
    }
  } finally {
    progress.stop();
    interrupts.dispose();
  }
}

/** `infermark bench`: efficiency under closed-loop load, one level per concurrency value. */
export function benchCommand(): Command {
  return new Command("bench")
    .description("measure TTFT, TPOT, ITL, E2E and throughput under closed-loop load")
    .option("--target <url|llama:path>", "http(s)://host:port/v1, or llama:PATH.gguf for the embedded engine (default: INFERMARK_MODEL or the tiny default model)")
    .addOption(new Option("--api <kind>", "OpenAI API flavour").choices(["chat", "completions"]).default("chat"))
    .option("--model <id>", "model id (default: the first from GET /v1/models)")
    .option("--api-key-env <name>", "environment variable holding the API key", "OPENAI_API_KEY")
    .option("--param <key=value>", "extra request parameter, JSON-typed (repeatable)", collectParam, {})
    .option("--no-stream", "ask for whole responses instead of SSE streams")
    .option("--concurrency <list>", "requests in flight, one level per value, e.g. 1,8,32 (default: 1; embedded: --parallel)")
    .option("--requests <n>", "measured requests per level", "100")
    .option("--input-tokens <n[:sd]>", "synthetic prompt length in tokens, optionally with a normal spread", "256")
    .option("--output-tokens <n[:sd]>", "max_tokens per request, optionally with a normal spread", "128")
    .option("--ignore-eos", "ask the target to generate past end-of-sequence", false)
    .option("--shared-prefix <n>", "words every synthetic prompt shares at its start (prefix-cache test)", "0")
    .option("--seed <n>", "seed for prompts and lengths", "0")
    .option("--dataset <file>", "prompts from JSONL (prompt or messages) or ShareGPT-style JSON")
    .option("--warmup <n>", "requests sent first and excluded from metrics", "0")
    .option("--timeout <seconds>", "per-request time limit (0: none)", "600")
    .option("--out <dir>", "run directory (default: runs/bench-<time>)")
    .option("--json", "print the summary JSON instead of tables", false)
    .option("--threads <n>", "embedded engine CPU threads (default: half the cores, at least 1)")
    .option("--parallel <n>", "embedded engine sequences decoded together", "1")
    .option("--ctx-size <n>", "embedded engine context size per sequence, in tokens", "2048")
    .action(action);
}
