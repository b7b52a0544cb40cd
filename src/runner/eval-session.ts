import { join } from "node:path";
import { UserError } from "../errors.js";
import { sampleKey, sameVariant } from "../records/eval-key.js";
import { JsonlWriter, readRecords } from "../records/jsonl.js";
import { isCompleted, type RequestRecord, type VariantTag } from "../records/record.js";
import { secretsOf } from "../records/redact.js";
import { checkRunDir, createRunDir, runPaths, writeJson, writeJsonLines } from "../records/run-dir.js";
import { readRunJson, RUN_SCHEMA } from "../records/run-json.js";
import type { ScoredSample } from "../standards/accuracy/aggregate.js";
import { latestByKey, scoreTask, type EvalSummary, type SampleVerdict } from "../standards/accuracy/summarize-eval.js";
import { detectIsolation } from "./sandbox/isolation.js";
import { cachingExecutor, ResponseCache } from "./response-cache.js";
import { cacheDir } from "../cache-dir.js";
import { openTarget, targetCapabilities, type TargetSpec } from "../targets/open-target.js";
import { resumeTargetSpec } from "../targets/target-spec.js";
import { assertParams } from "../targets/capabilities.js";
import type { TargetInfo } from "../targets/target.js";
import { VERSION } from "../version.js";
import { presetData } from "../workloads/tasks/hub.js";
import { defaultLimitMode, limitItems } from "../workloads/limit.js";
import { loadTask } from "../workloads/tasks/load.js";
import { presetHint, PRESETS, type PresetName } from "../workloads/tasks/presets.js";
import type { Task } from "../workloads/tasks/task.js";
import type { ItemVariant } from "../workloads/tasks/variant.js";
import type { WorkItem } from "../workloads/workload.js";
import type { RunnerHooks, RunnerSignals } from "./request-runner.js";
import {
  readEvalRecords,
  readEvalRunJson,
  readStoredVariants,
  writeVariantItems,
  type EvalRunJson,
  type EvalTaskSpec,
} from "./eval-dir.js";
import { passesFor, passFilesFor, passSubjects, readPassVerdicts } from "./eval-passes.js";
import {
  planHash,
  planRequests,
  planVariants,
  restoreVariants,
  type PlannedVariant,
  type PlanSettings,
  type StoredVariant,
} from "./eval-plan.js";
import { requestParams, runEvalRequests } from "./eval-run.js";
import { perturbationVariants } from "./perturb-variants.js";
import { summarizeEval } from "./eval-summary.js";
import { inProcessExecutor } from "./executor.js";
import { hostInfo } from "./host.js";
import { runVerdictPass } from "./verdict-pass.js";
import { judgePassFor } from "./judge-setup.js";

export type { EvalTaskSpec } from "./eval-dir.js";

/** Everything an eval run needs, as plain data. */
export interface EvalOptions {
  target: TargetSpec;
  spec: EvalTaskSpec;
  concurrency: number;
  params: Record<string, unknown>;
  outDir: string;
  /** Continue the run in `outDir`: skip every (item, variant, sample) already answered. */
  resume: boolean;
  /** Serve repeated requests from the response cache (and store new answers in it). */
  cache: boolean;
  /** Run code answers without the bubblewrap sandbox (best-effort limits only); without it, a machine where the sandbox cannot start refuses code tasks. */
  unsafeExec?: boolean;
  command: string[];
  /**
   * Ways to ask every item besides as written (robustness). Their items are stored in the run
   * directory, so a resume needs none; given on resume, they must be the run's (names and seeds).
   */
  variants?: readonly ItemVariant[];
  /** Perturbation specs ("typo:0.1", "choice-order:3"), turned into variants when `variants` is not given (docs/robustness.md). */
  perturb?: readonly string[];
  /**
   * How every judge (spec.judge) is opened, its target and model apart: timeouts, engine settings
   * and the API key, which never reaches run.json.
   */
  judgeTarget?: Omit<TargetSpec, "target" | "model">;
}

/** What an eval run leaves behind. */
export interface EvalResult {
  summary: EvalSummary;
  outDir: string;
  /** Requests sent by this invocation (0 when a resumed run had nothing left to do). */
  sent: number;
  /** Answers this invocation served from the response cache, and when the oldest and newest of them were stored; null with --no-cache. */
  cache: CacheUse | null;
  /** What the target will not honour but the run goes on without (a task's stop strings on the engine). */
  warnings: string[];
}

/** How much of one invocation the response cache answered. */
export interface CacheUse {
  hits: number;
  /** Answers this invocation needed (hits + requests sent). */
  of: number;
  oldest: string | null;
  newest: string | null;
}

/** Counts the cached answers among one invocation's records, with the span of their storage times. */
export function cacheUse(records: readonly RequestRecord[]): CacheUse {
  const times = records
    .filter((r) => r.cached)
    .map((r) => r.cached_at ?? "")
    .filter((t) => t !== "")
    .sort();
  return {
    hits: records.filter((r) => r.cached).length,
    of: records.length,
    oldest: times[0] ?? null,
    newest: times.at(-1) ?? null,
  };
}

/** The task as the spec shapes it: limit, few-shot count, generation overrides, and K > 1 sampling at temperature 1 unless told otherwise. */
export function buildTask(spec: EvalTaskSpec, loaded?: Task): Task {
  const t =
    loaded ??
    loadTask(spec.task, { ...(spec.data ? { data: spec.data } : {}), scorers: spec.scorers, seed: spec.seed });
  const items = limitItems(t.items, spec.limit, spec.limitMode ?? "first", spec.seed);
  const temperature =
    spec.temperature ?? (spec.samples > 1 && t.generation.temperature === 0 ? 1 : t.generation.temperature);
  return {
    ...t,
    items,
    prompt: { ...t.prompt, fewshot: spec.fewshot ?? t.prompt.fewshot },
    generation: { ...t.generation, maxTokens: spec.maxTokens ?? t.generation.maxTokens, temperature },
  };
}

/** Keys (sampleKey) of every (item, variant, sample) that already has a completed answer. */
export function completedKeys(records: readonly RequestRecord[], task: string): Set<string> {
  return new Set([...latestByKey(records, task).entries()].filter(([, r]) => isCompleted(r)).map(([k]) => k));
}

/** What an eval run directory holds, read once: run.json, the plan it describes, records and verdicts. */
interface LoadedEvalRun {
  run: EvalRunJson;
  plan: PlannedVariant[];
  records: RequestRecord[];
  verdicts: ReturnType<typeof readPassVerdicts>;
}

function openEvalDir(dir: string): LoadedEvalRun {
  const paths = runPaths(dir);
  const run = readRunJson(paths.run);
  if (run.kind !== "eval") throw new UserError(`${dir} is not an eval run`);
  const task = buildTask(run.spec);
  return {
    run,
    plan: restoreVariants(task, readStoredVariants(dir, run)),
    records: readRecords(paths.records).values,
    verdicts: readPassVerdicts(dir, passFilesFor(task, run.spec.judge !== undefined)),
  };
}

function summarizeLoaded(l: LoadedEvalRun): { summary: EvalSummary; verdicts: SampleVerdict[] } {
  return summarizeEval({
    target: l.run.target,
    plan: l.plan,
    records: l.records,
    verdicts: l.verdicts,
    samples: l.run.spec.samples,
    seed: l.run.spec.seed,
    ...(l.run.spec.usability ? { usability: l.run.spec.usability } : {}),
    ...(l.run.spec.judge ? { judge: l.run.spec.judge } : {}),
  });
}

/**
 * An eval run's task and scored samples of one variant (null: the items as written), rebuilt from
 * its directory (what `compare` pairs), with the keys (sampleKey) of failed requests.
 */
export function loadEvalRun(
  dir: string,
  variant: VariantTag | null = null,
): { task: Task; samples: ScoredSample[]; failed: Set<string>; target: Record<string, unknown> } {
  const l = openEvalDir(dir);
  const planned = l.plan.find((v) => sameVariant(v.tag, variant));
  if (!planned) throw new UserError(`${dir}: the run has no variant ${variant?.name ?? "(original)"}`);
  const { samples, verdicts } = scoreTask(planned.task, l.records, l.verdicts, variant);
  const failed = new Set(verdicts.filter((v) => v.failed !== null).map((v) => sampleKey(v)));
  return { task: planned.task, samples, failed, target: l.run.target };
}

/** An eval run's scored samples for the items as written and for each variant, from one read of its files. */
export function loadEvalRunVariants(dir: string): {
  task: Task;
  variants: Array<{ tag: VariantTag | null; samples: ScoredSample[]; failed: Set<string> }>;
} {
  const l = openEvalDir(dir);
  const variants = l.plan.map((planned) => {
    const { samples, verdicts } = scoreTask(planned.task, l.records, l.verdicts, planned.tag);
    return { tag: planned.tag, samples, failed: new Set(verdicts.filter((v) => v.failed !== null).map(sampleKey)) };
  });
  const [original] = l.plan;
  if (!original) throw new Error(`${dir}: an eval plan always holds the task as written`);
  return { task: original.task, variants };
}

/** Summarises an eval run directory from its records (what `report` calls); pure apart from reading. */
export function summarizeEvalDir(dir: string): { summary: EvalSummary; verdicts: SampleVerdict[] } {
  return summarizeLoaded(openEvalDir(dir));
}

/** A preset with no --data comes from the cache, or the Hub when it is reachable; the path is kept in run.json. */
export async function withPresetData(spec: EvalTaskSpec): Promise<EvalTaskSpec> {
  if (spec.data || !(PRESETS as readonly string[]).includes(spec.task)) return spec;
  return { ...spec, data: await presetData(spec.task as PresetName, presetHint(spec.task as PresetName)) };
}

const tagsOf = (plan: readonly PlannedVariant[]): string =>
  JSON.stringify(plan.flatMap((v) => (v.tag ? [[v.tag.name, v.tag.seed]] : [])));

/** The resumed run's plan, from what its directory stored; variants given again must be the run's own. */
function resumedPlan(
  task: Task,
  dir: string,
  run: EvalRunJson,
  given: readonly ItemVariant[] | undefined,
): PlannedVariant[] {
  const plan = restoreVariants(task, readStoredVariants(dir, run));
  if (given && tagsOf(plan) !== tagsOf(planVariants({ ...task, items: [] }, given)))
    throw new UserError(
      `--resume ${dir}: the variants given differ from the run's (${tagsOf(plan)}); resume without them, or start a new run`,
    );
  return plan;
}

/** The run directory of a new run, created once the target answered: run.json, and the variants' items when there are any. */
function startRunDir(
  where: { dir: string; command: string[]; api: "chat" | "completions" },
  spec: EvalTaskSpec,
  task: Task,
  plan: readonly PlannedVariant[],
  hash: string,
  target: Record<string, unknown>,
  secrets: readonly string[],
): void {
  const stored: StoredVariant[] = plan.flatMap((v) =>
    v.tag ? [{ tag: v.tag, prompt: v.task.prompt, items: v.task.items }] : [],
  );
  const run: EvalRunJson & Record<string, unknown> = {
    schema: RUN_SCHEMA,
    kind: "eval",
    tool: { name: "infermark", version: VERSION },
    command: where.command,
    started_at: new Date().toISOString(),
    target,
    spec,
    api: where.api,
    task: {
      name: task.name,
      source: task.source,
      items: task.items.length,
      answer: task.answer,
      metrics: task.metrics,
      prompt: task.prompt,
      generation: task.generation,
    },
    prompt_hash: hash,
    ...(stored.length > 0 ? { variants: stored.map((v) => ({ ...v.tag, prompt: v.prompt })) } : {}),
    host: hostInfo(),
  };
  createRunDir(where.dir);
  writeJson(runPaths(where.dir).run, run, secrets);
  if (stored.length > 0) writeVariantItems(where.dir, stored, secrets);
}

/** How the planned requests are sent and kept. */
interface SendSettings {
  concurrency: number;
  seed: number;
  cache: boolean;
  recordsPath: string;
  /** The first record id: one past the highest already on disk, so a resume never reuses an id. */
  firstId: number;
  secrets: readonly string[];
  /** The body fields of every request, once the target is known. */
  params(target: TargetInfo): Record<string, unknown>;
  /** Called once the target answered, before the first request (a new run creates its directory here). */
  opened(target: TargetInfo): void;
}

/** Opens the target and sends the planned requests, each record appended to records.jsonl as it finishes. */
async function sendPlanned(
  targetSpec: TargetSpec,
  requests: readonly WorkItem[],
  s: SendSettings,
  hooks: RunnerHooks,
  signals: RunnerSignals,
): Promise<{ sent: number; cache: CacheUse | null }> {
  const { target } = await openTarget(targetSpec);
  try {
    s.opened(target.info);
    const params = s.params(target.info);
    const writer = new JsonlWriter(s.recordsPath, s.secrets);
    const cache = s.cache ? new ResponseCache(cacheDir(), s.secrets) : null;
    try {
      const executor = cache
        ? cachingExecutor(inProcessExecutor(target), cache, target.info)
        : inProcessExecutor(target);
      const onRecord = (r: RequestRecord): void => (writer.append(r), hooks.onRecord?.(r));
      const records = await runEvalRequests(
        executor,
        requests,
        { concurrency: s.concurrency, params, seed: s.seed, firstId: s.firstId },
        { ...hooks, onRecord },
        signals,
      );
      return { sent: records.filter((r) => !r.cached).length, cache: cache ? cacheUse(records) : null };
    } finally {
      cache?.close();
      writer.close();
    }
  } finally {
    await target.close();
  }
}

/** How one judge is opened: the judge flags' settings (else the run's), its own target and model, never the run's model. */
function judgeSpec(opts: EvalOptions, j: { target: string; model?: string }): TargetSpec {
  const base: TargetSpec = { ...(opts.judgeTarget ?? opts.target) };
  delete base.model;
  return { ...base, target: j.target, ...(j.model ? { model: j.model } : {}) };
}

/** The runner's hooks, and the task's name once it is known (a progress bar labels itself with it). */
export type EvalHooks = RunnerHooks & { onTask?(name: string): void };

/**
 * Runs (or resumes) an eval, stage by stage: plan every (item, variant, sample) not yet answered,
 * run them, run the verdict passes over the completed records, and summarise all records.
 */
export async function evaluate(
  asked: EvalOptions,
  hooks: EvalHooks = {},
  signals?: RunnerSignals,
): Promise<EvalResult> {
  const sig = signals ?? { stop: new AbortController().signal, abort: new AbortController().signal };
  const prev = asked.resume ? readEvalRunJson(asked.outDir, "--resume") : null;
  const opts: EvalOptions = prev ? { ...asked, target: resumeTargetSpec(asked.target, prev.target, prev.api) } : asked;
  const secrets = secretsOf(opts.target);
  // Checked now, created only once the target answered: an unreachable server leaves no directory behind.
  if (!prev) checkRunDir(opts.outDir);
  // A judge given on resume judges the run's answers (a run can be judged after the fact); it is kept in run.json.
  const judgeLater = prev && opts.spec.judge && !prev.spec.judge ? opts.spec.judge : undefined;
  if (prev?.spec.judge && opts.spec.judge && JSON.stringify(prev.spec.judge) !== JSON.stringify(opts.spec.judge))
    throw new UserError(
      `--resume ${opts.outDir}: the run is judged with other --judge settings (${prev.spec.judge.judges.map((j) => j.target).join(", ")}, ${prev.spec.judge.mode}); resume without --judge, or judge a copy of the run`,
    );
  const given = await withPresetData(prev ? { ...prev.spec, ...(judgeLater ? { judge: judgeLater } : {}) } : opts.spec);
  const loaded = loadTask(given.task, {
    ...(given.data ? { data: given.data } : {}),
    scorers: given.scorers,
    seed: given.seed,
  });
  // A new run writes the mode it used into run.json, so a resume (and report) draws the same items.
  const spec: EvalTaskSpec = prev || given.limitMode ? given : { ...given, limitMode: defaultLimitMode(loaded.items) };
  if (prev && judgeLater) writeJson(runPaths(opts.outDir).run, { ...prev, spec }, secrets);
  // Before any request: a judge's missing baseline or reference file is a user error now, not after the answers are paid for.
  const judgeKeys = opts.judgeTarget?.apiKey ? [opts.judgeTarget.apiKey] : [];
  const judge = spec.judge
    ? judgePassFor(spec.judge, (j) => judgeSpec(opts, j), {
        cache: opts.cache,
        secrets: [...secrets, ...judgeKeys],
        concurrency: opts.concurrency,
      })
    : null;
  const task = buildTask(spec, loaded);
  if (task.items.length === 0) throw new UserError(`task ${task.name} has no items`);
  hooks.onTask?.(task.name);
  // Before any request or directory: a parameter the target cannot honour is refused here, never dropped.
  const caps = targetCapabilities(opts.target);
  const warnings = assertParams(caps, {
    params: opts.params,
    logprobs: spec.logprobs === true,
    stop: task.generation.stop,
    tools: task.generation.tools !== undefined,
    headers: opts.target.headers !== undefined,
  });
  if (task.generation.tools && opts.target.api !== "chat")
    throw new UserError(`task ${task.name} declares tools: they need the chat API (drop --api completions)`);
  const variants =
    opts.variants ?? (opts.perturb?.length ? perturbationVariants(opts.perturb, task.items, spec.seed) : undefined);
  const plan = prev ? resumedPlan(task, opts.outDir, prev, variants) : planVariants(task, variants ?? []);
  const settings: PlanSettings = { samples: spec.samples, seed: spec.seed, api: opts.target.api };
  const hash = planHash(plan, settings);
  if (prev && prev.prompt_hash !== hash)
    throw new UserError(
      `--resume ${opts.outDir}: the task's prompts differ from the original run's (data or settings changed); start a new run`,
    );
  // Before any request: a code task that cannot run its code safely stops here, not after the answers are paid for.
  const isolation = task.answer === "code" ? await detectIsolation({ unsafeExec: opts.unsafeExec ?? false }) : null;
  const earlier = prev ? readEvalRecords(opts.outDir) : [];
  const requests = planRequests(plan, settings, completedKeys(earlier, task.name));
  const send: SendSettings = {
    concurrency: opts.concurrency,
    seed: spec.seed,
    cache: opts.cache,
    recordsPath: runPaths(opts.outDir).records,
    firstId: earlier.reduce((next, r) => Math.max(next, r.id + 1), 0),
    secrets,
    params: () => requestParams(task, caps, opts.target.api, spec.logprobs ?? false, opts.params),
    opened: (target) => {
      if (!prev)
        startRunDir(
          { dir: opts.outDir, command: opts.command, api: opts.target.api },
          spec,
          task,
          plan,
          hash,
          target,
          secrets,
        );
    },
  };
  const sent =
    requests.length > 0
      ? await sendPlanned(opts.target, requests, send, hooks, sig)
      : { sent: 0, cache: opts.cache ? cacheUse([]) : null };
  // Records are read back from disk once: they hold earlier sessions' answers too (resume).
  const records = readEvalRecords(opts.outDir);
  const subjects = passSubjects(plan, records);
  // The second Ctrl-C (abort) stops a pass; after the first, what was answered is still judged.
  for (const pass of [...passesFor(task, isolation, opts.outDir, secrets), ...(judge ? [judge] : [])])
    await runVerdictPass(pass, subjects, opts.outDir, [...secrets, ...judgeKeys], sig.abort);
  const { summary, verdicts } = summarizeEval({
    target: readEvalRunJson(opts.outDir, "eval").target,
    plan,
    records,
    verdicts: readPassVerdicts(opts.outDir, passFilesFor(task, spec.judge !== undefined)),
    samples: spec.samples,
    seed: spec.seed,
    ...(spec.usability ? { usability: spec.usability } : {}),
    ...(spec.judge ? { judge: spec.judge } : {}),
  });
  writeJson(runPaths(opts.outDir).summary, summary, secrets);
  // Rewritten whole from the records: one verdict per (item, variant, sample), traceable to its record id.
  writeJsonLines(join(opts.outDir, "samples.jsonl"), verdicts, secrets);
  return { summary, outDir: opts.outDir, sent: sent.sent, cache: sent.cache, warnings };
}
