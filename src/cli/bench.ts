import { Command } from "commander";
import { z } from "zod";
import { UserError } from "../errors.js";
import type { LoadSpec } from "../records/record.js";
import { createRedactor, secretsOf } from "../records/redact.js";
import { promptLengthLine, renderBenchSummary } from "../report/bench-table.js";
import { parseArrival } from "../runner/arrivals.js";
import { autoWorkers } from "../runner/auto-workers.js";
import { bench, type Schedule } from "../runner/bench-session.js";
import { parseSlo } from "../standards/efficiency/slo.js";
import { LLAMA_PARAMS } from "../targets/llama-params.js";
import { parseLength } from "../workloads/length.js";
import { handleInterrupts, showProgress } from "./interactive.js";
import { nonNegativeInt, parseFlags, positiveInt, positiveIntList, positiveNumberList, span } from "./options.js";
import { addTargetOptions, defaultOutDir, TARGET_FLAGS, targetSpec } from "./target-flags.js";

const flags = z.object({
  ...TARGET_FLAGS,
  stream: z.boolean(),
  initialRequest: z.boolean(),
  concurrency: positiveIntList.optional(),
  rate: positiveNumberList.optional(),
  arrival: z.string(),
  maxConcurrency: positiveInt.optional(),
  sweep: positiveInt.optional(),
  findMax: z.union([z.literal(true), z.enum(["rate", "concurrency"], "expected rate or concurrency")]).optional(),
  repeats: positiveInt,
  precision: z.coerce.number().gt(0, "must be above 0").lt(1, "must be below 1"),
  maxProbes: positiveInt,
  sloMargin: z.coerce.number().min(0, "must be 0 or more").lt(1, "must be below 1"),
  slo: z.string().optional(),
  failOnSlo: z.boolean(),
  requests: positiveInt,
  duration: z.coerce.number().gt(0, "must be above 0 seconds").optional(),
  rampUp: z.coerce.number().min(0, "must be 0 or more seconds"),
  cooldown: span,
  workers: z.union([z.literal("auto"), positiveInt]),
  inputTokens: z.string(),
  outputTokens: z.string(),
  ignoreEos: z.boolean(),
  sharedPrefix: nonNegativeInt,
  seed: z.coerce.number().int("must be an integer"),
  dataset: z.string().optional(),
  warmup: span,
  out: z.string().optional(),
  json: z.boolean(),
});

async function action(raw: Record<string, unknown>): Promise<void> {
  const f = parseFlags(flags, raw);
  const isHttp = f.target !== undefined && !f.target.startsWith("llama:");
  if (!isHttp) {
    const unknown = Object.keys(f.param).filter((k) => !(LLAMA_PARAMS as readonly string[]).includes(k));
    if (unknown.length) throw new UserError(`--param ${unknown.join(", ")}: the embedded engine takes only ${LLAMA_PARAMS.join(", ")}`);
  }
  const modes = [f.concurrency && "--concurrency", f.rate && "--rate", f.sweep && "--sweep", f.findMax && "--find-max"].filter(Boolean);
  if (modes.length > 1) throw new UserError(`${modes.join(" and ")} cannot be combined: choose one way to apply load`);
  parseArrival(f.arrival);
  const slo = f.slo ? parseSlo(f.slo) : [];
  if (f.findMax && slo.length === 0) throw new UserError(`--find-max needs --slo, e.g. --slo "ttft.p95<500"`);
  if (f.failOnSlo && slo.length === 0) throw new UserError(`--fail-on-slo needs --slo`);
  if ("seconds" in f.cooldown && f.duration === undefined && !f.rate && !f.sweep && !f.findMax) throw new UserError(`--cooldown in seconds needs --duration (a closed-loop level's end is not known in advance)`);
  const searchConcurrency = f.maxConcurrency ?? 32;
  const concurrency = f.concurrency ?? [isHttp ? 1 : f.parallel];
  const rateLoad = (value: number): LoadSpec => ({ mode: "rate", value, arrival: f.arrival, max_concurrency: f.maxConcurrency ?? null });
  const schedule: Schedule = f.sweep
    ? { kind: "sweep", rates: f.sweep, maxConcurrency: searchConcurrency }
    : f.findMax
      ? { kind: "find-max", metric: f.findMax === true ? "rate" : f.findMax, maxConcurrency: searchConcurrency, repeats: f.repeats, precision: f.precision, maxProbes: f.maxProbes, margin: f.sloMargin }
      : { kind: "levels", loads: f.rate ? f.rate.map(rateLoad) : concurrency.map((value) => ({ mode: "concurrency" as const, value })) };
  const connections = Math.max(...concurrency, f.maxConcurrency ?? 0, f.rate || f.sweep || f.findMax ? 256 : 0);
  const outDir = f.out ?? defaultOutDir("bench");
  const interrupts = handleInterrupts();
  const progress = showProgress(!f.json);
  const spec = targetSpec(f, { stream: f.stream, connections });
  // What is printed is redacted like what is written: --json output often ends up in a file.
  const redactor = createRedactor(secretsOf(spec));
  try {
    const result = await bench(
      {
        target: spec,
        workload: {
          ...(f.dataset ? { dataset: f.dataset } : {}),
          seed: f.seed,
          input: parseLength(f.inputTokens, "--input-tokens"),
          output: parseLength(f.outputTokens, "--output-tokens"),
          sharedPrefix: f.sharedPrefix,
        },
        schedule,
        level: {
          spans: { warmup: f.warmup, measure: f.duration !== undefined ? { seconds: f.duration } : { requests: f.requests }, cooldown: f.cooldown },
          seed: f.seed,
          rampUpS: f.rampUp,
          arrival: f.arrival,
          maxConcurrency: f.maxConcurrency ?? null,
        },
        ignoreEos: f.ignoreEos,
        initialRequest: f.initialRequest,
        params: f.param,
        slo,
        // Open-loop levels without a cap have no known stream count: one thread, and the client_limited verdict says when to add more.
        workers: f.workers === "auto" ? autoWorkers(isHttp, f.rate || f.sweep || f.findMax ? (f.maxConcurrency ?? 0) : Math.max(...concurrency)) : f.workers,
        outDir,
        command: ["infermark", ...process.argv.slice(2)],
      },
      {
        ...progress.hooks,
        onInitialRequests: (initial) => {
          if (initial?.error) process.stderr.write(`infermark: the initial (unmeasured) request failed (${initial.error}); the run goes on and counts each failure\n`);
        },
      },
      interrupts.signals,
    );
    progress.stop();
    if (f.json) process.stdout.write(redactor.json(result.summary, 2) + "\n");
    else process.stdout.write(redactor.text(renderBenchSummary(result.summary)));
    const lengths = promptLengthLine(result.workload, result.promptLengths);
    if (lengths) process.stderr.write(lengths + "\n");
    process.stderr.write(`run directory: ${outDir}\n`);
    const missed = result.summary.levels.filter((l) => l.goodput && !l.goodput.met);
    if (f.failOnSlo && missed.length > 0 && !interrupts.interrupted()) {
      process.stderr.write(`infermark: SLO missed at ${missed.length} of ${result.summary.levels.length} levels (${missed.map((l) => `level ${l.level}`).join(", ")})\n`);
      process.exitCode = 3;
    }
    if (interrupts.interrupted()) {
      process.stderr.write(`interrupted: the summary covers the ${result.recordCount} requests that finished\n`);
      process.exitCode = 130;
    }
  } finally {
    progress.stop();
    interrupts.dispose();
  }
}

/** `infermark bench`: efficiency under closed- or open-loop load, sweeps and capacity search. */
export function benchCommand(): Command {
  return addTargetOptions(new Command("bench").description("measure TTFT, TPOT, ITL, E2E, throughput and goodput under closed- or open-loop load"))
    .option("--no-stream", "ask for whole responses instead of SSE streams")
    .option("--no-initial-request", "skip the one unmeasured request per thread sent before the first level (connection and JIT warm-up)")
    .option("--concurrency <list>", "requests in flight, one level per value, e.g. 1,8,32 (default: 1; embedded: --parallel)")
    .option("--rate <list>", "open-loop arrivals, requests per second, one level per value, e.g. 1,5,10")
    .option("--arrival <kind>", "arrival process for --rate: poisson, constant or gamma:CV", "poisson")
    .option("--max-concurrency <n>", "cap on requests in flight for --rate levels (also the throughput level of --sweep/--find-max, default 32)")
    .option("--sweep <n>", "synchronous level, throughput level, then n rates evenly spaced between")
    .option("--find-max [metric]", "highest rate (or concurrency) that meets --slo, by bisection")
    .option("--repeats <n>", "--find-max: runs per probed value (seeds seed, seed+1, ...); all must pass", "2")
    .option("--precision <x>", "--find-max: stop when the bracket is this tight, relative", "0.1")
    .option("--max-probes <n>", "--find-max: most values to try", "12")
    .option("--slo-margin <x>", "--find-max: a probe passes only below each limit × (1 − x), so the result holds on a rerun", "0.02")
    .option("--slo <terms>", "service-level objectives in ms, e.g. \"ttft.p95<500,tpot.p95<50\": goodput per level")
    .option("--fail-on-slo", "exit with code 3 when a level misses the SLO", false)
    .option("--requests <n>", "measured requests per level", "100")
    .option("--duration <seconds>", "measure each level for this long instead of --requests")
    .option("--ramp-up <seconds>", "--rate levels: the rate climbs linearly from 0 over this long", "0")
    .option("--workers <n|auto>", "worker threads for HTTP requests; auto: 2 or more from 32 streams up (see infermark calibrate)", "auto")
    .option("--input-tokens <n[:sd]>", "synthetic prompt length in tokens, optionally with a normal spread", "256")
    .option("--output-tokens <n[:sd]>", "max_tokens per request, optionally with a normal spread", "128")
    .option("--ignore-eos", "ask the target to generate past end-of-sequence", false)
    .option("--shared-prefix <n>", "words every synthetic prompt shares at its start (prefix-cache test)", "0")
    .option("--seed <n>", "seed for prompts and lengths", "0")
    .option("--dataset <file>", "prompts from JSONL (prompt or messages) or ShareGPT-style JSON")
    .option("--warmup <n|Ns>", "per level: requests (or seconds, e.g. 5s) sent first and excluded from metrics", "0")
    .option("--cooldown <n|Ns>", "per level: requests (or seconds) sent last and excluded from metrics", "0")
    .option("--out <dir>", "run directory (default: runs/bench-<time>)")
    .option("--json", "print the summary JSON instead of tables", false)
    .action(action);
}
