import { Command, Option } from "commander";
import { z } from "zod";
import { createRedactor, secretsOf } from "../records/redact.js";
import { checkOutputFile, writeTextFile } from "../records/run-dir.js";
import { levelsCsv } from "../standards/efficiency/level-rows.js";
import { promptLengthLine } from "../report/bench-table.js";
import { formatOf, print } from "../report/output.js";
import { AUTO_WORKERS_RULE } from "../runner/auto-workers.js";
import { DEFAULT_REQUESTS, resolveBenchOptions } from "../runner/bench-options.js";
import { bench } from "../runner/bench-session.js";
import { handleInterrupts, showProgress } from "./interactive.js";
import { nonNegativeInt, parseFlags, positiveInt, positiveIntList, positiveNumberList, span } from "./options.js";
import { addTargetOptions, defaultOutDir, TARGET_FLAGS, targetSecrets } from "./target-flags.js";

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
  requests: positiveInt.optional(),
  duration: z.coerce.number().gt(0, "must be above 0 seconds").optional(),
  rampUp: z.coerce.number().min(0, "must be 0 or more seconds"),
  cooldown: span,
  workers: z.union([z.literal("auto"), positiveInt]),
  inputTokens: z.string(),
  outputTokens: z.string(),
  ignoreEos: z.boolean(),
  sharedPrefix: nonNegativeInt,
  seed: z.coerce.number().int("must be an integer"),
  data: z.string().optional(),
  saveResult: z.boolean().optional(),
  warmup: span,
  out: z.string().optional(),
  csv: z.string().optional(),
  json: z.boolean(),
});

async function action(raw: Record<string, unknown>): Promise<void> {
  const { apiKeyEnv, header, out, csv, data, saveResult, ...f } = parseFlags(flags, raw);
  const { options, failOnSlo, warnings } = resolveBenchOptions({
    ...f,
    ...targetSecrets({ apiKeyEnv, header }),
    ...(data !== undefined ? { dataset: data } : {}),
    out: out ?? defaultOutDir("bench"),
    command: ["infermark", ...process.argv.slice(2)],
  });
  // Told now, not after the run: the CSV is written when the run ends.
  if (csv !== undefined) checkOutputFile(csv, "--csv");
  for (const w of warnings) process.stderr.write(`infermark: warning: ${w}\n`);
  const progress = showProgress(!f.json);
  const interrupts = handleInterrupts(() => progress.halt());
  // What is printed is redacted like what is written: --json output often ends up in a file.
  const redactor = createRedactor(secretsOf(options.target));
  try {
    const result = await bench(
      options,
      {
        ...progress.hooks,
        onInitialRequests: (initial) => {
          if (initial?.error)
            process.stderr.write(
              `infermark: the initial (unmeasured) request failed (${initial.error}); the run goes on and counts each failure\n`,
            );
        },
      },
      interrupts.signals,
    );
    progress.stop();
    // The table's remark on prompt lengths follows the table; with --json it comes first, as a note.
    const lengths = f.json ? promptLengthLine(result.workload, result.promptLengths) : null;
    print(
      {
        kind: "bench",
        summary: result.summary,
        promptLengths: result.promptLengths,
        workload: result.workload,
        notes: lengths ? [lengths] : [],
      },
      { format: formatOf(f), redactor },
    );
    process.stderr.write(`run directory: ${options.outDir}\n`);
    if (saveResult)
      process.stderr.write(
        `infermark: --save-result: every run writes its results; this one's are in ${options.outDir} (summary.json, records.jsonl)\n`,
      );
    const skipped = result.workload.rows_without_reply;
    if (typeof skipped === "number" && skipped > 0)
      process.stderr.write(
        `infermark: --output-tokens dataset: ${skipped} dataset rows without a reply were left out (as vLLM's benchmark does)\n`,
      );
    if (csv !== undefined) {
      writeTextFile(csv, levelsCsv(result.summary));
      process.stderr.write(`infermark: levels CSV written to ${csv}\n`);
    }
    const missed = result.summary.levels.filter((l) => l.goodput && !l.goodput.met);
    if (failOnSlo && missed.length > 0 && !interrupts.interrupted()) {
      process.stderr.write(
        `infermark: SLO missed at ${missed.length} of ${result.summary.levels.length} levels (${missed.map((l) => `level ${l.level}`).join(", ")})\n`,
      );
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

/**
 * `infermark bench`: efficiency under closed- or open-loop load, sweeps and capacity search.
 * `--save-result` is vLLM's (foreign-flags.ts), hidden: the run directory is always written.
 */
export function benchCommand(): Command {
  return addTargetOptions(
    new Command("bench").description(
      "measure TTFT, TPOT, ITL, E2E, throughput and goodput under closed- or open-loop load",
    ),
  )
    .option("--no-stream", "ask for whole responses instead of SSE streams")
    .option(
      "--no-initial-request",
      "skip the one unmeasured request per thread sent before the first level (connection and JIT warm-up)",
    )
    .option(
      "--concurrency <list>",
      "requests in flight, one level per value, e.g. 1,8,32 (default: 1; embedded: --parallel)",
    )
    .option("--rate <list>", "open-loop arrivals, requests per second, one level per value, e.g. 1,5,10")
    .option("--arrival <kind>", "arrival process for --rate: poisson, constant or gamma:CV", "poisson")
    .option(
      "--max-concurrency <n>",
      "requests in flight: alone, a closed loop at n (as vLLM's benchmark); with --rate, their cap; the throughput level of --sweep/--find-max (default 32)",
    )
    .option("--sweep <n>", "synchronous level, throughput level, then n rates evenly spaced between")
    .option("--find-max [rate|concurrency]", "highest rate (default) or concurrency that meets --slo, by bisection")
    .option("--repeats <n>", "--find-max: runs per probed value (seeds seed, seed+1, ...); all must pass", "2")
    .option("--precision <x>", "--find-max: stop when the bracket is this tight, relative", "0.1")
    .option("--max-probes <n>", "--find-max: most values to try", "12")
    .option(
      "--slo-margin <x>",
      "--find-max: a probe passes only below each limit × (1 − x), so the result holds on a rerun",
      "0.02",
    )
    .option("--slo <terms>", 'service-level objectives in ms, e.g. "ttft.p95<500,tpot.p95<50": goodput per level')
    .option("--fail-on-slo", "exit with code 3 when a level misses the SLO", false)
    .option("--requests <n>", `measured requests per level (default: ${DEFAULT_REQUESTS})`)
    .option("--duration <seconds>", "measure each level for this long instead of --requests")
    .option("--ramp-up <seconds>", "--rate levels: the rate climbs linearly from 0 over this long", "0")
    .option(
      "--workers <n|auto>",
      `worker threads for HTTP requests; auto: ${AUTO_WORKERS_RULE} (see infermark calibrate)`,
      "auto",
    )
    .option("--input-tokens <n[:sd]>", "synthetic prompt length in tokens, optionally with a normal spread", "256")
    .option(
      "--output-tokens <n[:sd]|dataset>",
      "max_tokens per request, optionally with a normal spread; dataset: each row's own reply length (--data)",
      "128",
    )
    .option("--ignore-eos", "ask the target to generate past end-of-sequence", false)
    .option("--shared-prefix <n>", "words every synthetic prompt shares at its start (prefix-cache test)", "0")
    .option("--seed <n>", "seed for prompts and lengths", "0")
    .option("--data <file>", "prompts from JSONL (prompt or messages) or ShareGPT-style JSON")
    .option("--warmup <n|Ns>", "per level: requests (or seconds, e.g. 5s) sent first and excluded from metrics", "0")
    .option("--cooldown <n|Ns>", "per level: requests (or seconds) sent last and excluded from metrics", "0")
    .option("--out <dir>", "run directory (default: runs/bench-<time>)")
    .option(
      "--csv <file>",
      "also write one row per level as CSV to this file (the run directory always gets summary.csv)",
    )
    .option("--json", "print the summary JSON instead of tables", false)
    .addOption(new Option("--save-result").hideHelp())
    .action(action);
}
