import { existsSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.js";
import { JsonlWriter, readJsonl } from "../records/jsonl.js";
import { isCompleted, type RequestRecord } from "../records/record.js";
import { secretsOf } from "../records/redact.js";
import { RUN_SCHEMA, checkRunDir, createRunDir, readJson, runPaths, writeJson, writeJsonLines } from "../records/run-dir.js";
import type { CodeProblem } from "../standards/accuracy/code-program.js";
import { splitReasoning } from "../standards/accuracy/extract.js";
import type { ScoredSample } from "../standards/accuracy/aggregate.js";
import { EVAL_SUMMARY_SCHEMA, latestByKey, scoreTask, summarizeTask, type EvalSummary, type ExecutionStatus, type SampleVerdict } from "../standards/accuracy/summarize-eval.js";
import { runCodeJobs } from "./code-eval.js";
import { describeIsolation, detectIsolation, type Isolation, type IsolationKind } from "./sandbox/isolation.js";
import { DEFAULT_LIMITS } from "./sandbox/limits.js";
import { cachingExecutor, ResponseCache } from "./response-cache.js";
import { cacheDir } from "../cache-dir.js";
import { openTarget, type TargetSpec } from "../targets/open-target.js";
import { VERSION } from "../version.js";
import { mixSeed } from "../stats/rng.js";
import { presetData } from "../workloads/tasks/hub.js";
import { loadTask } from "../workloads/tasks/load.js";
import { presetHint, PRESETS, type PresetName } from "../workloads/tasks/presets.js";
import { promptSetHash, renderMessages, renderPrompt } from "../workloads/tasks/render.js";
import type { Task } from "../workloads/tasks/task.js";
import type { Workload, WorkItem } from "../workloads/workload.js";
import { BenchRunner, type BenchHooks, type BenchSignals } from "./bench.js";
import { inProcessExecutor } from "./executor.js";
import { hostInfo } from "./host.js";

/** Which task to run and how it is shaped; kept in run.json so `report` and `--resume` rebuild the same task. */
export interface EvalTaskSpec {
  task: string;
  data?: string;
  scorers: string[];
  limit: number | null;
  samples: number;
  seed: number;
  fewshot?: number;
  maxTokens?: number;
  temperature?: number;
  /** Ask for log-probabilities, so multiple choice is also scored by option probability. */
  logprobs?: boolean;
}

/** Everything an eval run needs, as plain data. */
export interface EvalOptions {
  target: TargetSpec;
  spec: EvalTaskSpec;
  concurrency: number;
  params: Record<string, unknown>;
  outDir: string;
  /** Continue the run in `outDir`: skip every (item, sample) already answered. */
  resume: boolean;
  /** Serve repeated requests from the response cache (and store new answers in it). */
  cache: boolean;
  /** Run code answers without the bubblewrap sandbox (best-effort limits only); without it, a machine where the sandbox cannot start refuses code tasks. */
  unsafeExec?: boolean;
  command: string[];
}

/** What an eval run leaves behind. */
export interface EvalResult {
  summary: EvalSummary;
  outDir: string;
  /** Requests sent by this invocation (0 when a resumed run had nothing left to do). */
  sent: number;
  /** Answers this invocation served from the response cache, and when the oldest and newest of them were stored; null with --no-cache. */
  cache: CacheUse | null;
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
  const times = records.filter((r) => r.cached).map((r) => r.cached_at ?? "").filter((t) => t !== "").sort();
  return { hits: records.filter((r) => r.cached).length, of: records.length, oldest: times[0] ?? null, newest: times.at(-1) ?? null };
}

/** The task as the spec shapes it: limit, few-shot count, generation overrides, and K > 1 sampling at temperature 1 unless told otherwise. */
export function buildTask(spec: EvalTaskSpec): Task {
  const t = loadTask(spec.task, { ...(spec.data ? { data: spec.data } : {}), scorers: spec.scorers, seed: spec.seed });
  const items = spec.limit !== null ? t.items.slice(0, spec.limit) : t.items;
  const temperature = spec.temperature ?? (spec.samples > 1 && t.generation.temperature === 0 ? 1 : t.generation.temperature);
  return {
    ...t,
    items,
    prompt: { ...t.prompt, fewshot: spec.fewshot ?? t.prompt.fewshot },
    generation: { ...t.generation, maxTokens: spec.maxTokens ?? t.generation.maxTokens, temperature },
  };
}

interface EvalRunJson {
  schema: string;
  kind: "eval";
  target: Record<string, unknown>;
  spec: EvalTaskSpec;
  api: "chat" | "completions";
  prompt_hash: string;
}

/** One line of executions.jsonl: how running one record's code against its tests ended. */
interface ExecutionLine {
  record_id: number;
  item_id: string;
  sample: number;
  status: ExecutionStatus;
  detail: string;
  ms: number;
  isolation: IsolationKind;
}

function readExecutions(dir: string): Map<number, ExecutionStatus> {
  const path = join(dir, "executions.jsonl");
  if (!existsSync(path)) return new Map();
  return new Map(readJsonl<ExecutionLine>(path).values.map((l) => [l.record_id, l.status]));
}

/** Adds one session of code execution to run.json: which isolation ran how many programs ("mixed" when resumed sessions differ). */
function recordCodeSession(runPath: string, session: Record<string, unknown>, secrets: readonly string[]): void {
  const run = readJson<Record<string, unknown> & { code_execution?: { isolation: string; sessions: Array<Record<string, unknown>> } }>(runPath);
  const sessions = [...(run.code_execution?.sessions ?? []), session];
  const kinds = new Set(sessions.map((s) => s.isolation));
  const [only] = kinds;
  writeJson(runPath, { ...run, code_execution: { isolation: kinds.size === 1 ? only : "mixed", sessions } }, secrets);
}

/** Runs, under `isolation`, every code answer not yet run, appending each result to executions.jsonl; returns all results so far. */
async function executePending(dir: string, task: Task, records: readonly RequestRecord[], done: Map<number, ExecutionStatus>, isolation: Isolation, secrets: readonly string[]): Promise<Map<number, ExecutionStatus>> {
  const items = new Map(task.items.map((i) => [i.id, i]));
  const pending = [...latestByKey(records, task.name).values()].filter((r) => isCompleted(r) && !done.has(r.id));
  if (pending.length === 0) return done;
  const jobs = pending.map((r) => ({ problem: items.get(r.eval!.item_id)!.metadata.code as CodeProblem, output: splitReasoning(r.text, r.reasoning).answer }));
  const results = await runCodeJobs(jobs, isolation, DEFAULT_LIMITS);
  // Redacted like records: a program that printed a key it could see (no isolation) must not write it to disk.
  const w = new JsonlWriter(join(dir, "executions.jsonl"), secrets);
  pending.forEach((r, i) => {
    w.append({ record_id: r.id, item_id: r.eval!.item_id, sample: r.eval!.sample, ...results[i]! } satisfies ExecutionLine);
    done.set(r.id, results[i]!.status);
  });
  w.close();
  recordCodeSession(runPaths(dir).run, { at: new Date().toISOString(), executions: pending.length, ...describeIsolation(isolation, DEFAULT_LIMITS) }, secrets);
  return done;
}

/** What an eval run directory holds, read once: run.json, the task it describes, records and code results. */
interface LoadedEvalRun {
  run: EvalRunJson;
  task: Task;
  records: RequestRecord[];
  executions: Map<number, ExecutionStatus>;
}

function openEvalDir(dir: string): LoadedEvalRun {
  const paths = runPaths(dir);
  const run = readJson<EvalRunJson>(paths.run);
  if (run.kind !== "eval") throw new UserError(`${dir} is not an eval run`);
  return { run, task: buildTask(run.spec), records: readJsonl<RequestRecord>(paths.records).values, executions: readExecutions(dir) };
}

function summarizeLoaded(l: LoadedEvalRun): { summary: EvalSummary; verdicts: SampleVerdict[] } {
  const { summary, verdicts } = summarizeTask(l.task, l.records, l.run.spec.samples, l.task.items.length, l.run.spec.seed, l.executions);
  return { summary: { schema: EVAL_SUMMARY_SCHEMA, target: l.run.target, tasks: [summary] }, verdicts };
}

/** An eval run's task and scored samples, rebuilt from its directory (what `compare` pairs), with the keys (`item\0sample`) of failed requests. */
export function loadEvalRun(dir: string): { task: Task; samples: ScoredSample[]; failed: Set<string>; target: Record<string, unknown> } {
  const l = openEvalDir(dir);
  const { samples, verdicts } = scoreTask(l.task, l.records, l.executions);
  const failed = new Set(verdicts.filter((v) => v.failed !== null).map((v) => `${v.item_id}\u0000${v.sample}`));
  return { task: l.task, samples, failed, target: l.run.target };
}

/** Summarises an eval run directory from its records (what `report` calls); pure apart from reading. */
export function summarizeEvalDir(dir: string): { summary: EvalSummary; verdicts: SampleVerdict[] } {
  return summarizeLoaded(openEvalDir(dir));
}

/** Runs (or resumes) an eval: every item × sample not yet answered, then the summary from all records. */
export async function evaluate(opts: EvalOptions, hooks: BenchHooks = {}, signals?: BenchSignals): Promise<EvalResult> {
  const sig = signals ?? { stop: new AbortController().signal, abort: new AbortController().signal };
  const paths = runPaths(opts.outDir);
  const secrets = secretsOf(opts.target);
  let spec = opts.spec;
  let prev: { run: EvalRunJson; records: RequestRecord[] } | null = null;
  if (opts.resume) {
    if (!existsSync(paths.run)) throw new UserError(`--resume ${opts.outDir}: no run.json there; start a new run with --out`);
    const run = readJson<EvalRunJson>(paths.run);
    if (run.kind !== "eval") throw new UserError(`--resume ${opts.outDir}: not an eval run`);
    spec = run.spec;
    prev = { run, records: existsSync(paths.records) ? readJsonl<RequestRecord>(paths.records).values : [] };
  } else {
    // Created only once the target answered: an unreachable server leaves no directory behind.
    checkRunDir(opts.outDir);
  }
  // A preset with no --data comes from the cache, or the Hub when it is reachable; the path is kept in run.json.
  if (!spec.data && (PRESETS as readonly string[]).includes(spec.task)) spec = { ...spec, data: await presetData(spec.task as PresetName, presetHint(spec.task as PresetName)) };
  const task = buildTask(spec);
  if (task.items.length === 0) throw new UserError(`task ${task.name} has no items`);
  const api = opts.target.api;
  const rendered = task.items.map((item) => renderMessages(task, item, spec.seed));
  const hash = promptSetHash(api === "completions" ? rendered.map(renderPrompt) : rendered);
  if (prev && prev.run.prompt_hash !== hash) throw new UserError(`--resume ${opts.outDir}: the task's prompts differ from the original run's (data or settings changed); start a new run`);
  // Before any request: a code task that cannot run its code safely stops here, not after the answers are paid for.
  const isolation = task.answer === "code" ? await detectIsolation({ unsafeExec: opts.unsafeExec ?? false }) : null;
  const done = new Set([...latestByKey(prev?.records ?? [], task.name).entries()].filter(([, r]) => isCompleted(r)).map(([k]) => k));
  const todo: WorkItem[] = [];
  task.items.forEach((item, i) => {
    for (let s = 0; s < spec.samples; s++) {
      if (done.has(`${item.id}\u0000${s}`)) continue;
      const messages = rendered[i]!;
      const sampling = spec.samples > 1 || task.generation.temperature > 0 ? { seed: mixSeed(spec.seed, i, s) & 0x7fffffff } : {};
      todo.push({
        ...(api === "completions" ? { prompt: task.answer === "code" && typeof item.input === "string" ? item.input : renderPrompt(messages) } : { messages }),
        maxTokens: task.generation.maxTokens,
        inputTokensHint: null,
        eval: { task: task.name, item_id: item.id, sample: s },
        params: sampling,
      });
    }
  });

  let sent = 0;
  let cacheUsed: CacheUse | null = opts.cache ? { hits: 0, of: 0, oldest: null, newest: null } : null;
  if (todo.length > 0) {
    const { target } = await openTarget(opts.target);
    try {
      if (!opts.resume) {
        const run: EvalRunJson & Record<string, unknown> = {
          schema: RUN_SCHEMA,
          kind: "eval",
          tool: { name: "infermark", version: VERSION },
          command: opts.command,
          started_at: new Date().toISOString(),
          target: target.info,
          spec,
          api,
          task: { name: task.name, source: task.source, items: task.items.length, answer: task.answer, metrics: task.metrics, prompt: task.prompt, generation: task.generation },
          prompt_hash: hash,
          host: hostInfo(),
        };
        createRunDir(opts.outDir);
        writeJson(paths.run, run, secrets);
      }
      const workload: Workload = { describe: { task: task.name, requests: todo.length }, item: (i) => todo[i]! };
      const params: Record<string, unknown> = { ...(task.generation.temperature !== undefined ? { temperature: task.generation.temperature } : {}), ...opts.params };
      if (task.generation.stop.length > 0 && target.info.kind === "openai") params.stop = task.generation.stop;
      if (spec.logprobs) {
        if (target.info.kind !== "openai") throw new UserError("--logprobs: the embedded engine does not report log-probabilities; use an HTTP target");
        Object.assign(params, api === "chat" ? { logprobs: true, top_logprobs: 20 } : { logprobs: 20 });
      }
      const writer = new JsonlWriter(paths.records, secrets);
      const cache = opts.cache ? new ResponseCache(cacheDir(), secrets) : null;
      try {
        const executor = cache ? cachingExecutor(inProcessExecutor(target), cache, target.info) : inProcessExecutor(target);
        const runner = new BenchRunner(executor, { workload, ignoreEos: false, params }, { ...hooks, onRecord: (r) => (writer.append(r), hooks.onRecord?.(r)) }, sig, performance.now());
        const records = await runner.level({ load: { mode: "concurrency", value: opts.concurrency }, spans: { warmup: { requests: 0 }, measure: { requests: todo.length }, cooldown: { requests: 0 } }, seed: spec.seed, rampUpS: 0 });
        sent = records.filter((r) => !r.cached).length;
        if (cache) cacheUsed = cacheUse(records);
      } finally {
        cache?.close();
        writer.close();
      }
    } finally {
      await target.close();
    }
  }
  // Records are read back from disk once: they hold earlier sessions' answers too (resume).
  const loaded: LoadedEvalRun = { run: readJson<EvalRunJson>(paths.run), task, records: readJsonl<RequestRecord>(paths.records).values, executions: readExecutions(opts.outDir) };
  if (isolation) loaded.executions = await executePending(opts.outDir, task, loaded.records, loaded.executions, isolation, secrets);
  const { summary, verdicts } = summarizeLoaded(loaded);
  writeJson(paths.summary, summary, secrets);
  // Rewritten whole from the records: one verdict per (item, sample), traceable to its record id.
  writeJsonLines(join(opts.outDir, "samples.jsonl"), verdicts, secrets);
  return { summary, outDir: opts.outDir, sent, cache: cacheUsed };
}
