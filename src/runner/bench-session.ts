import { JsonlWriter } from "../records/jsonl.js";
import type { RequestRecord } from "../records/record.js";
import { RUN_SCHEMA, createRunDir, runPaths, writeJson } from "../records/run-dir.js";
import { summarizeBench, type BenchSummary } from "../standards/efficiency/summarize.js";
import { openTarget, type TargetSpec } from "../targets/open-target.js";
import { VERSION } from "../version.js";
import { buildWorkload, type WorkloadSpec } from "../workloads/build.js";
import { runBench, type BenchHooks, type BenchPlan, type BenchSignals } from "./bench.js";
import { hostInfo } from "./host.js";

/** Everything a bench run needs, as plain data. */
export interface BenchOptions {
  target: TargetSpec;
  workload: WorkloadSpec;
  plan: Omit<BenchPlan, "workload">;
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

/**
 * Runs a bench end to end: opens the target, writes run.json, appends each record to
 * records.jsonl as it finishes, and writes summary.json from the records, also when interrupted.
 */
export async function bench(opts: BenchOptions, hooks: BenchHooks = {}, signals?: BenchSignals): Promise<BenchResult> {
  const sig = signals ?? { stop: new AbortController().signal, abort: new AbortController().signal };
  // Everything a user can get wrong is checked before the (possibly slow) target is opened.
  const workload = buildWorkload(opts.workload);
  createRunDir(opts.outDir);
  const { target } = await openTarget(opts.target);
  const secrets = opts.target.apiKey ? [opts.target.apiKey] : [];
  const paths = runPaths(opts.outDir);
  try {
    const t0 = performance.now();
    writeJson(
      paths.run,
      {
        schema: RUN_SCHEMA,
        tool: { name: "infermark", version: VERSION },
        command: opts.command,
        started_at: new Date().toISOString(),
        target: target.info,
        plan: opts.plan,
        workload: workload.describe,
        seed: opts.workload.seed,
        timeout_ms: opts.target.timeoutMs,
        host: hostInfo(),
      },
      secrets,
    );
    const writer = new JsonlWriter(paths.records, secrets);
    let records: RequestRecord[];
    try {
      records = await runBench(
        target,
        { ...opts.plan, workload },
        {
          ...hooks,
          onRecord: (r) => {
            writer.append(r);
            hooks.onRecord?.(r);
          },
        },
        sig,
        t0,
      );
    } finally {
      writer.close();
    }
    const summary = summarizeBench(target.info, records);
    writeJson(paths.summary, summary, secrets);
    return { summary, records, outDir: opts.outDir };
  } finally {
    await target.close();
  }
}
