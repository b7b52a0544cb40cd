import { availableParallelism } from "node:os";
import { JsonlWriter, readJsonl } from "../records/jsonl.js";
import { secretsOf } from "../records/redact.js";
import type { LoadSpec, RequestRecord } from "../records/record.js";
import { RUN_SCHEMA, checkRunDir, createRunDir, runPaths, writeJson, writeTextFile } from "../records/run-dir.js";
import { levelsCsv } from "../standards/efficiency/level-rows.js";
import { LEVEL_SCHEMA, type LevelLine } from "../standards/efficiency/level-line.js";
import { prometheusDelta } from "../standards/efficiency/server-signals.js";
import { probeOutcome } from "../standards/efficiency/capacity.js";
import type { SloTerm } from "../standards/efficiency/slo.js";
import type { BenchSummary } from "../standards/efficiency/summarize.js";
import { PromptLengthAccumulator, type PromptLengths } from "../standards/efficiency/prompt-lengths.js";
import { RunAccumulator } from "../standards/efficiency/summarize-run.js";
import { assertParams } from "../targets/capabilities.js";
import { openTarget, targetCapabilities, type TargetSpec } from "../targets/open-target.js";
import { VERSION } from "../version.js";
import { buildWorkload, type WorkloadSpec } from "../workloads/build.js";
import { SYNTHETIC_WORDS, type PromptSizer } from "../workloads/synthetic.js";
import type { Workload } from "../workloads/workload.js";
import type { Target } from "../targets/target.js";
import { RequestRunner, type RunnerHooks, type RunnerSignals, type LevelPlan } from "./request-runner.js";
import { inProcessExecutor, type Executor } from "./executor.js";
import { hostInfo } from "./host.js";
import { LevelMonitor } from "./level-monitor.js";
import type { LevelSpans } from "./phases.js";
import { scrapeMetrics } from "./prometheus-scrape.js";
import { findMax, sweep, type LevelOutcome, type RateShape, type RunLoad, type SearchOptions } from "./search.js";
import { workerExecutor, type ThreadedExecutor } from "./worker-executor.js";

/** Shape shared by every level of a run: phase lengths, arrival seed, ramp-up, rate-level cap and arrival process. */
export interface LevelTemplate extends RateShape {
  spans: LevelSpans;
  seed: number;
  rampUpS: number;
}

/** Which levels a run goes through: a fixed list, a GuideLLM-style sweep, or a capacity search. */
export type Schedule =
  | {
      kind: "levels";
      loads: LoadSpec[];
      /** Per-level phase lengths, overriding the template's. */ spans?: LevelSpans[];
    }
  | { kind: "sweep"; rates: number; maxConcurrency: number }
  | ({ kind: "find-max" } & Omit<SearchOptions, "seed" | "shape">);

/** Everything a bench run needs, as plain data. */
export interface BenchOptions {
  target: TargetSpec;
  workload: WorkloadSpec;
  schedule: Schedule;
  level: LevelTemplate;
  ignoreEos: boolean;
  params: Record<string, unknown>;
  /** Service-level objectives: goodput per level, and the pass/fail of --find-max and --fail-on-slo. */
  slo: SloTerm[];
  /** Worker threads for requests, where the target runs on them (capabilities.workerThreads); 1: the main thread. */
  workers: number;
  /**
   * Send one unmeasured request per thread before the run (connections, JIT and the engine warm
   * up), as vLLM's and LLMPerf's clients do; without it the first measured wave reads cold.
   */
  initialRequest: boolean;
  /** Run directory to create; it must not already hold records. */
  outDir: string;
  /** The command line, for run.json. */
  command: string[];
}

/** What the unmeasured initial requests saw (one per request thread). */
export interface InitialRequests {
  sent: number;
  failed: number;
  /** The first failure, for the one line the CLI prints. */
  error: string | null;
  ttft_ms: Array<number | null>;
}

/** What a finished (or interrupted) bench run leaves behind. */
export interface BenchResult {
  summary: BenchSummary;
  initialRequests: InitialRequests | null;
  /** Every record of the run, read from records.jsonl when asked for (the run itself holds none). */
  readonly records: RequestRecord[];
  /** How many records the run wrote. */
  recordCount: number;
  promptLengths: PromptLengths;
  outDir: string;
  /** What produced the prompts (run.json's `workload`), including how synthetic prompts were sized. */
  workload: Record<string, unknown>;
}

/**
 * The target's own prompt token count for synthetic prompts (the embedded engine's tokenizer, a
 * server's /tokenize endpoint), checked on three of the unsized prompts; null when the target
 * cannot count (prompts are then sized in words) or the prompts come from a dataset.
 */
async function promptSizer(target: Target, spec: WorkloadSpec, plain: Workload): Promise<PromptSizer | null> {
  if (spec.dataset || target.capabilities.tokenizer === null) return null;
  const checks = [0, 1, 2].map((i) => plain.item(i).prompt ?? "");
  return target.promptCounter(SYNTHETIC_WORDS, checks);
}

/** Prompt of the initial request: shares no prefix with the workload, so no measured request hits a cache it filled. */
const INITIAL_PROMPT = "infermark initial request: reply with one short sentence.";

/** One unmeasured request per thread (the executor sends each to its least busy thread), never written as a record. */
async function sendInitialRequests(
  executor: Executor,
  threads: number,
  opts: BenchOptions,
  signals: RunnerSignals,
): Promise<InitialRequests> {
  const now = performance.now();
  const load =
    opts.schedule.kind === "levels" && opts.schedule.loads[0]
      ? opts.schedule.loads[0]
      : { mode: "concurrency" as const, value: 1 };
  const one = (i: number): Promise<RequestRecord> =>
    executor
      .execute(
        { id: `initial-${i}`, prompt: INITIAL_PROMPT, maxTokens: 16, ignoreEos: opts.ignoreEos, params: opts.params },
        {
          id: -1 - i,
          level: -1,
          load,
          phase: "warmup",
          item: -1,
          t0: now,
          tIntended: now,
          tReleased: now,
          inputTokensHint: null,
        },
        signals.abort,
      )
      .then((finished) => finished.build());
  const records = await Promise.all(Array.from({ length: threads }, (_, i) => one(i)));
  const failed = records.filter((r) => r.error !== null);
  return {
    sent: records.length,
    failed: failed.length,
    error: failed[0]?.error ? `${failed[0].error.kind}: ${failed[0].error.message}` : null,
    ttft_ms: records.map((r) => (r.t_first === null ? null : r.t_first - r.t_sent)),
  };
}

const NEVER: RunnerSignals = { stop: new AbortController().signal, abort: new AbortController().signal };

/**
 * Runs a bench end to end: opens the target, writes run.json, runs the schedule, appends each
 * record to records.jsonl and each level's client and server observations to levels.jsonl as they
 * finish, and writes summary.json from those files, also when interrupted.
 */
export async function bench(
  opts: BenchOptions,
  hooks: RunnerHooks = {},
  signals: RunnerSignals = NEVER,
): Promise<BenchResult> {
  // Everything a user can get wrong is checked before the (possibly slow) target is opened.
  assertParams(targetCapabilities(opts.target), {
    params: opts.params,
    ignoreEos: opts.ignoreEos,
    headers: opts.target.headers !== undefined,
  });
  let workload = buildWorkload(opts.workload);
  checkRunDir(opts.outDir);
  const { target } = await openTarget(opts.target);
  const caps = target.capabilities;
  // A target that knows its tokenizer gets synthetic prompts sized in its own tokens.
  const sizer = await promptSizer(target, opts.workload, workload);
  if (sizer) workload = buildWorkload(opts.workload, sizer);
  const workerSpec = opts.workers > 1 ? target.workerSpec(opts.workers) : null;
  const threaded: ThreadedExecutor | null = workerSpec ? workerExecutor(opts.workers, workerSpec) : null;
  const executor: Executor = threaded ?? inProcessExecutor(target);
  const secrets = secretsOf(opts.target);
  const paths = runPaths(opts.outDir);
  try {
    await threaded?.ready();
    // Created only now that the target answered: an unreachable server leaves no directory behind.
    createRunDir(opts.outDir);
    const initial = opts.initialRequest
      ? await sendInitialRequests(executor, threaded?.threads ?? 1, opts, signals)
      : null;
    hooks.onInitialRequests?.(initial);
    const t0 = performance.now();
    writeJson(
      paths.run,
      {
        schema: RUN_SCHEMA,
        tool: { name: "infermark", version: VERSION },
        command: opts.command,
        started_at: new Date().toISOString(),
        target: target.info,
        schedule: opts.schedule,
        level: opts.level,
        slo: opts.slo,
        workers: threaded ? opts.workers : 1,
        initial_requests: initial,
        ignore_eos: opts.ignoreEos,
        params: opts.params,
        workload: workload.describe,
        seed: opts.workload.seed,
        timeout_ms: opts.target.timeoutMs,
        host: hostInfo(),
      },
      secrets,
    );
    const writer = new JsonlWriter(paths.records, secrets);
    const levelWriter = new JsonlWriter(paths.levels, secrets);
    const lines: LevelLine[] = [];
    // Every record is summarised as it is written, in the order it is written: `infermark report`
    // streams the same records in the same order through the same accumulator, so the two agree to
    // the byte, and neither the run nor its summary holds the records (nor reads them back).
    const summarizer = new RunAccumulator({
      target: target.info,
      lines,
      slo: opts.slo,
      plan: { schedule: opts.schedule, level: opts.level },
    });
    const prompts = new PromptLengthAccumulator();
    let recordCount = 0;
    const runner = new RequestRunner(
      executor,
      { workload, ignoreEos: opts.ignoreEos, params: opts.params },
      {
        ...hooks,
        onRecord: (r) => {
          writer.append(r);
          summarizer.add(r);
          prompts.add(r);
          recordCount++;
          hooks.onRecord?.(r);
        },
      },
      signals,
      t0,
    );
    const monitor = new LevelMonitor();
    let metricsUrl = caps.metricsUrl;

    const run = async (
      load: LoadSpec,
      o: Parameters<RunLoad>[1] & { spans?: LevelSpans } = {},
    ): Promise<LevelOutcome> => {
      const plan: LevelPlan = {
        load,
        spans: o.spans ?? opts.level.spans,
        seed: o.seed ?? opts.level.seed,
        rampUpS: load.mode === "rate" ? opts.level.rampUpS : 0,
      };
      const url = metricsUrl;
      const before = url !== null ? await scrapeMetrics(url, opts.target.apiKey, opts.target.headers) : null;
      // A server without the endpoint is not asked again at every level.
      if (before === null) metricsUrl = null;
      monitor.start();
      const ran = await runner.runLevel(plan);
      const workerDelay = threaded ? await threaded.workerLoopDelay() : null;
      const level = ran.records > 0 ? ran.level : -1;
      const threads = threaded?.threads ?? 1;
      // More threads are advice only where the target runs on them and a core is left for one more.
      const moreThreadsHelp = caps.workerThreads && availableParallelism() - 1 > threads;
      const client = monitor.stop(level, threads, workerDelay, {
        cpuIsClient: caps.cpuIsClient,
        sharesMachine: caps.sharesMachine,
        workersApply: moreThreadsHelp,
      });
      const after = before && url !== null ? await scrapeMetrics(url, opts.target.apiKey, opts.target.headers) : null;
      const prometheus = before && after ? prometheusDelta(before, after) : null;
      const line: LevelLine = { schema: LEVEL_SCHEMA, level, load, probe: o.probe ?? null, client, prometheus };
      if (level >= 0) {
        levelWriter.append(line);
        lines.push(line);
      }
      const s = summarizer.levelSummary(level, load, { client, prometheus: null });
      const met = !s.goodput ? true : o.probe ? probeOutcome(s, opts.slo, o.probe.margin).met : s.goodput.met;
      const outcome: LevelOutcome = { level, achievedRate: s.achieved_rate, met };
      return outcome;
    };
    const stopped = (): boolean => runner.stopped;

    try {
      const sched = opts.schedule;
      if (sched.kind === "levels") {
        for (const [i, load] of sched.loads.entries()) {
          if (stopped()) break;
          await run(load, sched.spans?.[i] ? { spans: sched.spans[i] } : {});
        }
      } else if (sched.kind === "sweep") {
        await sweep(run, sched.rates, sched.maxConcurrency, opts.level, stopped);
      } else {
        await findMax(run, { ...sched, seed: opts.level.seed, shape: opts.level }, stopped);
      }
    } finally {
      writer.close();
      levelWriter.close();
    }
    const summary = summarizer.finish();
    writeJson(paths.summary, summary, secrets);
    writeTextFile(paths.summaryCsv, levelsCsv(summary));
    return {
      summary,
      initialRequests: initial,
      get records() {
        return readJsonl<RequestRecord>(paths.records).values;
      },
      recordCount,
      promptLengths: prompts.finish(),
      outDir: opts.outDir,
      workload: workload.describe,
    };
  } finally {
    await executor.close();
    await target.close();
  }
}
