import { Command, Option } from "commander";
import { z } from "zod";
import { UserError } from "../errors.js";
import { createRedactor, secretsOf } from "../records/redact.js";
import { formatOf, print } from "../report/output.js";
import { evaluate, type CacheUse, type EvalOptions, type EvalResult } from "../runner/eval-session.js";
import { sweepDecoding } from "../runner/sweep-session.js";
import { judgeSettings } from "../standards/usability/judge/judge-settings.js";
import { LIMIT_MODES } from "../workloads/limit.js";
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
  limitMode: z.enum(LIMIT_MODES).optional(),
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
  sweepDecoding: z.string().optional(),
  judge: z.array(z.string()).default([]),
  judgeModel: z.string().optional(),
  judgeMode: z.string().optional(),
  judgeRubric: z.string().optional(),
  judgeScale: z.string().optional(),
  judgeRepeats: positiveInt.optional(),
  judgePrompts: z.string().optional(),
  judgeReference: z.string().optional(),
  judgeApiKeyEnv: z.string().optional(),
  baseline: z.string().optional(),
});

async function action(raw: Record<string, unknown>): Promise<void> {
  const f = parseFlags(flags, raw);
  if (!f.resume && !f.task)
    throw new UserError("eval needs --task (a preset, a .yaml task or a .jsonl/.csv file), or --resume DIR");
  if (f.resume && f.out && f.out !== f.resume)
    throw new UserError("--resume continues the run in its own directory: drop --out");
  if (f.resume && f.sweepDecoding)
    throw new UserError("--sweep-decoding resumes by itself: run the same command again with the same --out");
  const outDir = f.resume ?? f.out ?? defaultOutDir("eval");
  // Labelled with the task, as soon as the library has read it.
  let task = "eval";
  const progress = showProgress(!f.json, () => task);
  const interrupts = handleInterrupts(() => progress.halt());
  const spec = targetSpec(f, { stream: true, connections: f.concurrency });
  const judge = judgeSettings(f);
  // On resume the run's own judge settings name the key's variable; it is read from the environment, never stored.
  const judgeKeyEnv = f.judgeApiKeyEnv ?? f.apiKeyEnv;
  // --header is for the target's host: a judge elsewhere must not receive its credentials.
  const judgeTarget = targetSpec(
    { ...f, api: "chat", apiKeyEnv: judgeKeyEnv, header: [] },
    { stream: true, connections: f.concurrency },
  );
  // What is printed is redacted like what is written: --json output often ends up in a file.
  const redactor = createRedactor([...secretsOf(spec), ...secretsOf(judgeTarget)]);
  try {
    const hooks = { ...progress.hooks, onTask: (name: string) => (task = name) };
    const run = (opts: EvalOptions): Promise<EvalResult> =>
      f.sweepDecoding
        ? sweepDecoding(opts, f.sweepDecoding, hooks, interrupts.signals)
        : evaluate(opts, hooks, interrupts.signals);
    const result = await run({
      target: spec,
      spec: {
        task: f.task ?? "",
        ...(f.data ? { data: f.data } : {}),
        scorers: f.scorer,
        limit: f.limit ?? null,
        ...(f.limitMode ? { limitMode: f.limitMode } : {}),
        samples: f.samples,
        seed: f.seed,
        ...(f.fewshot !== undefined ? { fewshot: f.fewshot } : {}),
        ...(f.outputTokens !== undefined ? { maxTokens: f.outputTokens } : {}),
        ...(f.temperature !== undefined ? { temperature: f.temperature } : {}),
        ...(f.logprobs ? { logprobs: true } : {}),
        ...(f.usability ? { usability: parseUsabilityChecks(f.usability.split(",").map((s) => s.trim())) } : {}),
        ...(judge ? { judge } : {}),
      },
      judgeTarget,
      concurrency: f.concurrency,
      params: f.param,
      outDir,
      resume: f.resume !== undefined,
      cache: f.cache,
      unsafeExec: f.unsafeExec,
      ...(f.perturb ? { perturb: [f.perturb] } : {}),
      command: ["infermark", ...process.argv.slice(2)],
    });
    progress.stop();
    print(
      { kind: "eval", summary: result.summary, notes: result.warnings.map((w) => `infermark: warning: ${w}`) },
      { format: formatOf(f), redactor },
    );
    process.stderr.write(`run directory: ${outDir} (${result.sent} requests sent${f.resume ? " on resume" : ""})\n`);
    process.stderr.write(cacheLine(result.cache) + "\n");
    if (interrupts.interrupted()) {
      process.stderr.write(
        f.sweepDecoding
          ? "interrupted: the summary covers the points and answers so far; the same command again finishes the sweep\n"
          : `interrupted: the summary covers the answers so far; infermark eval --resume ${outDir} finishes the run\n`,
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
    .option("--limit <n>", "n items only (how they are picked: --limit-mode)")
    .addOption(
      new Option(
        "--limit-mode <mode>",
        "first: the first n items; stratified: round-robin across subjects (default when items have a subject or category, as MMLU's do)",
      ).choices([...LIMIT_MODES]),
    )
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
      "--sweep-decoding <grid>",
      'robustness: run the task over a grid of sampling settings, e.g. "temperature=0,0.7,1;top_p=1,0.9" (keys: temperature, top_p, top_k, min_p, repetition_penalty, frequency_penalty, presence_penalty; docs/robustness.md)',
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
    .option(
      "--judge <url|llama:path>",
      "LLM-as-judge: grade the answers with this target (repeatable or a comma list: a panel) (docs/usability.md)",
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option("--judge-mode <mode>", "single (rubric grade of each answer) or pairwise (against --baseline)")
    .option("--judge-model <id>", "the judges' model id (one for all, or a comma list, one per judge)")
    .option("--judge-api-key-env <name>", "environment variable holding the judges' API key (default: --api-key-env's)")
    .option(
      "--judge-rubric <name>",
      "single grading: helpfulness, understandability, completeness, conciseness or harmlessness",
    )
    .option("--judge-scale <min-max>", "single grading scale, e.g. 1-10 (default) or 1-5")
    .option("--judge-repeats <n>", "ask each judge n times per answer, to measure its variance (default 1)")
    .option("--judge-prompts <file>", "judge with MT-Bench's templates from its judge_prompts.jsonl")
    .option("--judge-reference <file>", "reference answers for reference-guided grading (math, reasoning, coding)")
    .option("--baseline <dir>", "pairwise judging: the eval run whose answers are compared with, by item id")
    .option("--json", "print the summary JSON instead of tables", false)
    .action(action);
}
