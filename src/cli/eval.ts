import { Command } from "commander";
import { z } from "zod";
import { UserError } from "../errors.js";
import { createRedactor, secretsOf } from "../records/redact.js";
import { formatOf, print } from "../report/output.js";
import { evaluate, type CacheUse } from "../runner/eval-session.js";
import { PRESETS } from "../workloads/tasks/presets.js";
import { parseUsabilityChecks } from "../standards/usability/usability-summary.js";
import { handleInterrupts, showProgress } from "./interactive.js";
import { nonNegativeInt, parseFlags, positiveInt } from "./options.js";
import { addTargetOptions, defaultOutDir, TARGET_FLAGS, targetSpec } from "./target-flags.js";

const flags = z.object({
  ...TARGET_FLAGS,
  task: z.string().optional(),
  data: z.string().optional(),
  scorer: z.array(z.string()).default([]),
  limit: positiveInt.optional(),
  samples: positiveInt,
  fewshot: nonNegativeInt.optional(),
  outputTokens: positiveInt.optional(),
  temperature: z.coerce.number().min(0).optional(),
  // A list is bench's vocabulary (one load level each); said so instead of "expected number, received NaN".
  concurrency: z
    .string()
    .regex(
      /^\s*\d+\s*$/,
      "eval --concurrency takes one number (requests in flight); load levels are bench's: infermark bench --concurrency 1,4",
    )
    .transform(Number)
    .pipe(z.number().min(1, "must be at least 1")),
  seed: z.coerce.number().int(),
  out: z.string().optional(),
  resume: z.string().optional(),
  json: z.boolean(),
  cache: z.boolean(),
  logprobs: z.boolean(),
  unsafeExec: z.boolean(),
  perturb: z.string().optional(),
  usability: z.string().optional(),
});

async function action(raw: Record<string, unknown>): Promise<void> {
  const f = parseFlags(flags, raw);
  if (!f.resume && !f.task)
    throw new UserError("eval needs --task (a preset, a .yaml task or a .jsonl/.csv file), or --resume DIR");
  if (f.resume && f.out && f.out !== f.resume)
    throw new UserError("--resume continues the run in its own directory: drop --out");
  const outDir = f.resume ?? f.out ?? defaultOutDir("eval");
  const interrupts = handleInterrupts();
  const progress = showProgress(!f.json);
  const spec = targetSpec(f, { stream: true, connections: f.concurrency });
  // What is printed is redacted like what is written: --json output often ends up in a file.
  const redactor = createRedactor(secretsOf(spec));
  try {
    const result = await evaluate(
      {
        target: spec,
        spec: {
          task: f.task ?? "",
          ...(f.data ? { data: f.data } : {}),
          scorers: f.scorer,
          limit: f.limit ?? null,
          samples: f.samples,
          seed: f.seed,
          ...(f.fewshot !== undefined ? { fewshot: f.fewshot } : {}),
          ...(f.outputTokens !== undefined ? { maxTokens: f.outputTokens } : {}),
          ...(f.temperature !== undefined ? { temperature: f.temperature } : {}),
          ...(f.logprobs ? { logprobs: true } : {}),
          ...(f.usability ? { usability: parseUsabilityChecks(f.usability.split(",").map((s) => s.trim())) } : {}),
        },
        concurrency: f.concurrency,
        params: f.param,
        outDir,
        resume: f.resume !== undefined,
        cache: f.cache,
        unsafeExec: f.unsafeExec,
        ...(f.perturb ? { perturb: [f.perturb] } : {}),
        command: ["infermark", ...process.argv.slice(2)],
      },
      progress.hooks,
      interrupts.signals,
    );
    progress.stop();
    print(
      { kind: "eval", summary: result.summary, notes: result.warnings.map((w) => `infermark: warning: ${w}`) },
      { format: formatOf(f), redactor },
    );
    process.stderr.write(`run directory: ${outDir} (${result.sent} requests sent${f.resume ? " on resume" : ""})\n`);
    process.stderr.write(cacheLine(result.cache) + "\n");
    if (interrupts.interrupted()) {
      process.stderr.write(
        `interrupted: the summary covers the answers so far; infermark eval --resume ${outDir} finishes the run\n`,
      );
      process.exitCode = 130;
    }
  } finally {
    progress.stop();
    interrupts.dispose();
  }
}

/**
 * Said on every run, hits or not: answers from the cache are not this run's server's, and a
 * redeployed or broken server can hide behind them.
 */
function cacheLine(c: CacheUse | null): string {
  if (c === null) return "cache: off (--no-cache): every answer came from the target";
  if (c.hits === 0) return `cache: 0 of ${c.of} answers came from the response cache`;
  const when = c.oldest === c.newest ? `stored ${c.oldest}` : `stored ${c.oldest} to ${c.newest}`;
  return `cache: ${c.hits} of ${c.of} answers came from the response cache (${when}), not from the target; --no-cache asks it again`;
}

/** `infermark eval`: accuracy of a target on a task, with answer extraction and confidence intervals. */
export function evalCommand(): Command {
  return addTargetOptions(
    new Command("eval").description(
      "measure accuracy on a benchmark preset or your own task, with extraction details and 95% CIs",
    ),
  )
    .option(
      "--task <name|file>",
      `a preset (${PRESETS.join(", ")}), starter (built in), a .yaml task, or a .jsonl/.csv file`,
    )
    .option("--data <path>", "the preset's local data file or folder")
    .option(
      "--scorer <name>",
      "metric for a plain file (repeatable): exact, quasi_exact, numeric, choice, f1, contains, prefix, regex:PATTERN, json, bleu, chrf, ter, rouge",
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option("--limit <n>", "first n items only")
    .option("--samples <k>", "samples per item (K > 1: pass@k, maj@k; temperature 1 unless set)", "1")
    .option("--fewshot <n>", "few-shot examples per prompt (seeded, never the item itself)")
    .option("--output-tokens <n>", "output budget (max_tokens) per answer (default: the task's)")
    .option("--temperature <t>", "sampling temperature (default: the task's, 0 for presets)")
    .option("--concurrency <n>", "requests in flight", "4")
    .option("--seed <n>", "seed for few-shot draws, sampling and bootstrap", "0")
    .option("--out <dir>", "run directory (default: runs/eval-<time>)")
    .option("--resume <dir>", "continue a run: ask only what it has no answer for yet")
    .option(
      "--perturb <list>",
      "robustness: also ask every item under each perturbation, e.g. typo:0.1,lowercase,contraction,filler:0.3,unicode,choice-order:3 (docs/robustness.md)",
    )
    .option(
      "--usability <list>",
      "usability checks over the answers: repetition, diversity (needs --samples K > 1), format, verbosity (docs/usability-metrics.md)",
    )
    .option(
      "--logprobs",
      "ask for token log-probabilities: multiple choice is then also scored by option probability (choice_logprob)",
      false,
    )
    .option(
      "--unsafe-exec",
      'code tasks: run model-written code without the bubblewrap sandbox (best-effort limits only, recorded as isolation "none")',
      false,
    )
    .option(
      "--no-cache",
      "ask the target again even for requests answered before (cache: INFERMARK_CACHE_DIR/responses.sqlite)",
    )
    .option("--json", "print the summary JSON instead of tables", false)
    .action(action);
}
