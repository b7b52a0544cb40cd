import { JsonlWriter } from "../records/jsonl.js";
import type { LoadSpec, RequestRecord } from "../records/record.js";
import { RUN_SCHEMA, checkRunDir, createRunDir, runPaths, writeJson } from "../records/run-dir.js";
import { LEVEL_SCHEMA, type LevelLine } from "../standards/efficiency/level-line.js";
import { prometheusDelta } from "../standards/efficiency/server-signals.js";
import { meetsWithMargin, type SloTerm } from "../standards/efficiency/slo.js";
import { summarizeLevel, type BenchSummary } from "../standards/efficiency/summarize.js";
import { summarizeRun } from "../standards/efficiency/summarize-run.js";
import { openTarget, type TargetSpec } from "../targets/open-target.js";
import { OpenAITarget } from "../targets/openai.js";
import { VERSION } from "../version.js";
import { buildWorkload, type WorkloadSpec } from "../workloads/build.js";
import { BenchRunner, type BenchHooks, type BenchSignals, type LevelPlan } from "./bench.js";
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
  | { kind: "levels"; loads: LoadSpec[]; /** Per-level phase lengths, overriding the template's. */ spans?: LevelSpans[] }
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
  /** Worker threads for HTTP requests (1: run them on the main thread). */
  workers: number;
  /** Run directory to create; it must not already hold records. */
  outDir: string;
  /** The command line, for run.json. */
  command: string[];
}

/** What a finished (or interrupted) bench run leaves behind. */
export interface BenchResult {
  summary: BenchSummary;
  records: RequestRecord[];
  outDir: string;
}

const NEVER: BenchSignals = { stop: new AbortController().signal, abort: new AbortController().signal };

/**
 * Runs a bench end to end: opens the target, writes run.json, runs the schedule, appends each
 * record to records.jsonl and each level's client and server observations to levels.jsonl as they
 * finish, and writes summary.json from those files, also when interrupted.
 */
export async function bench(opts: BenchOptions, hooks: BenchHooks = {}, signals: BenchSignals = NEVER): Promise<BenchResult> {
  // Everything a user can get wrong is checked before the (possibly slow) target is opened.
  const workload = buildWorkload(opts.workload);
  checkRunDir(opts.outDir);
  const { target } = await openTarget(opts.target);
  const http = target instanceof OpenAITarget ? target : null;
  const threaded: ThreadedExecutor | null = http && opts.workers > 1 ? workerExecutor(opts.workers, http.opts, http.info.models) : null;
  const executor: Executor = threaded ?? inProcessExecutor(target);
  const secrets = opts.target.apiKey ? [opts.target.apiKey] : [];
  const paths = runPaths(opts.outDir);
  try {
    await threaded?.ready();
    // Created only now that the target answered: an unreachable server leaves no directory behind.
    createRunDir(opts.outDir);
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
    const runner = new BenchRunner(
      executor,
      { workload, ignoreEos: opts.ignoreEos, params: opts.params },
      {
        ...hooks,
        onRecord: (r) => {
          writer.append(r);
          hooks.onRecord?.(r);
        },
      },
      signals,
      t0,
    );
    const monitor = new LevelMonitor();
    let scrape = http !== null;

    const run = async (load: LoadSpec, o: Parameters<RunLoad>[1] & { spans?: LevelSpans } = {}): Promise<LevelOutcome> => {
      const plan: LevelPlan = { load, spans: o.spans ?? opts.level.spans, seed: o.seed ?? opts.level.seed, rampUpS: load.mode === "rate" ? opts.level.rampUpS : 0 };
      const before = scrape ? await scrapeMetrics(http!.info.base_url as string, opts.target.apiKey) : null;
      scrape &&= before !== null;
      monitor.start();
      const records = await runner.level(plan);
      const workerP99 = threaded ? await threaded.workerLoopDelayP99() : null;
      const level = records[0]?.level ?? -1;
      const client = monitor.stop(level, threaded?.threads ?? 1, workerP99);
      const after = before ? await scrapeMetrics(http!.info.base_url as string, opts.target.apiKey) : null;
      const prometheus = before && after ? prometheusDelta(before, after) : null;
      const line: LevelLine = { schema: LEVEL_SCHEMA, level, load, probe: o.probe ?? null, client, prometheus };
      if (level >= 0) {
        levelWriter.append(line);
        lines.push(line);
      }
      const measured = records.filter((r) => r.phase === "measure");
      const s = summarizeLevel(level, load, measured, { slo: opts.slo, client: new Map([[level, client]]) });
      const met = !s.goodput ? true : o.probe ? meetsWithMargin(s.goodput.values, opts.slo, o.probe.margin) : s.goodput.met;
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
    const summary = summarizeRun(target.info, runner.records, lines, opts.slo, undefined, { schedule: opts.schedule, level: opts.level });
    writeJson(paths.summary, summary, secrets);
    return { summary, records: runner.records, outDir: opts.outDir };
  } finally {
    await executor.close();
    await target.close();
  }
}
