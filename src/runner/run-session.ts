import { existsSync, renameSync } from "node:fs";
import { join } from "node:path";
import { candidateMetrics, type LevelValues } from "../decide/candidate-metrics.js";
import { CHOICE_SCHEMA, type ChoiceSummary } from "../decide/choice.js";
import type { Candidate } from "../decide/estimate.js";
import { paretoFront } from "../decide/pareto.js";
import { recommendation } from "../decide/recommend.js";
import { scorecard } from "../decide/scorecard.js";
import { makeDirs } from "../make-dirs.js";
import { withSchemaId } from "../records/jsonl.js";
import { forEachJsonl } from "../records/jsonl-stream.js";
import { isCompleted, RECORD_SCHEMA, type RequestRecord } from "../records/record.js";
import { secretsOf } from "../records/redact.js";
import { readJson, runPaths, writeJson } from "../records/run-dir.js";
import type { EvalSummary } from "../standards/accuracy/summarize-eval.js";
import { requestTiming } from "../standards/efficiency/request-timing.js";
import { isMeasured, type BenchSummary } from "../standards/efficiency/summarize.js";
import { resolveTargetSpec } from "../targets/target-spec.js";
import { bench } from "./bench-session.js";
import { resolveBenchOptions } from "./bench-options.js";
import type { RunnerHooks, RunnerSignals } from "./request-runner.js";
import { evaluate } from "./eval-session.js";
import type { RunCandidate, RunConfig } from "./run-config.js";

export { CHOICE_SCHEMA, type ChoiceSummary } from "../decide/choice.js";

/** One candidate's part of a run: where its stages wrote, and what the decision read of them. */
export interface CandidateRun {
  name: string;
  evalDirs: string[];
  benchDir: string | null;
  candidate: Candidate;
  /** The bench level the efficiency metrics come from (its highest load), or null. */
  level: number | null;
}

/** A line for the user about what a stage did (started, resumed, skipped). */
export type RunLog = (line: string) => void;

function specFor(c: RunCandidate, connections: number) {
  return resolveTargetSpec(
    {
      ...(c.target !== undefined ? { target: c.target } : {}),
      ...(c.model ? { model: c.model } : {}),
      ...(c.apiKey ? { apiKey: c.apiKey } : {}),
      ...(c.headers ? { headers: c.headers } : {}),
      api: c.api ?? "chat",
      timeout: 600,
      maxResponseMb: 256,
      parallel: 1,
      ctxSize: 2048,
    },
    { stream: true, connections },
  );
}

/** The quality stage: every task, each its own eval run directory, resumed when an earlier run left one. */
async function qualityStage(
  cfg: RunConfig,
  c: RunCandidate,
  dir: string,
  log: RunLog,
  hooks: RunnerHooks,
  signals: RunnerSignals | undefined,
): Promise<{ dirs: string[]; summaries: EvalSummary[] }> {
  const dirs: string[] = [];
  const summaries: EvalSummary[] = [];
  for (const [i, t] of cfg.tasks.entries()) {
    const out = join(dir, `eval-${i}-${t.task.replace(/[^\w.-]+/g, "_")}`);
    const resume = existsSync(runPaths(out).run);
    log(`${c.name}: ${resume ? "resuming" : "running"} task ${t.task} → ${out}`);
    const r = await evaluate(
      {
        target: specFor(c, 4),
        spec: {
          task: t.task,
          ...(t.data ? { data: t.data } : {}),
          scorers: t.metrics ?? [],
          limit: t.limit ?? null,
          samples: t.samples ?? 1,
          seed: cfg.seed,
          ...(t.max_tokens ? { maxTokens: t.max_tokens } : {}),
          ...(cfg.usability.length ? { usability: cfg.usability } : {}),
        },
        concurrency: 4,
        params: c.params,
        outDir: out,
        resume,
        cache: true,
        command: ["infermark", "run", cfg.source],
        ...(cfg.perturb.length && !resume ? { perturb: cfg.perturb } : {}),
      },
      hooks,
      signals,
    );
    for (const w of r.warnings) log(`${c.name}: warning: ${w}`);
    dirs.push(out);
    summaries.push(r.summary);
  }
  return { dirs, summaries };
}

/** The load stage: one bench run; a finished one is reused, a cut one set aside and run again. */
async function loadStage(
  cfg: RunConfig,
  c: RunCandidate,
  dir: string,
  log: RunLog,
  hooks: RunnerHooks,
  signals: RunnerSignals | undefined,
): Promise<{ dir: string; summary: BenchSummary } | null> {
  const load = cfg.load;
  if (!load) return null;
  const out = join(dir, "bench");
  const done = existsSync(runPaths(out).summary) ? readJson<BenchSummary>(runPaths(out).summary) : null;
  // An interrupted bench writes its summary too: only every level, none cut, is a finished stage.
  if (done && done.levels.length === load.concurrency.length && done.levels.every((l) => l.cut === undefined)) {
    log(`${c.name}: load stage already done → ${out}`);
    return { dir: out, summary: done };
  }
  if (existsSync(out)) {
    const aside = `${out}.cut-${Date.now()}`;
    renameSync(out, aside);
    log(`${c.name}: the load stage was cut before it finished; its records are kept in ${aside}, and it runs again`);
  }
  log(`${c.name}: running load levels ${load.concurrency.join(", ")} → ${out}`);
  const { options, warnings } = resolveBenchOptions({
    ...(c.target !== undefined ? { target: c.target } : {}),
    ...(c.model ? { model: c.model } : {}),
    ...(c.apiKey ? { apiKey: c.apiKey } : {}),
    ...(c.headers ? { headers: c.headers } : {}),
    api: c.api ?? "chat",
    timeout: 600,
    maxResponseMb: 256,
    parallel: 1,
    ctxSize: 2048,
    param: c.params,
    stream: true,
    initialRequest: true,
    concurrency: load.concurrency,
    arrival: "poisson",
    repeats: 2,
    precision: 0.1,
    maxProbes: 12,
    sloMargin: 0.02,
    failOnSlo: false,
    requests: load.requests,
    rampUp: 0,
    warmup: { requests: load.warmup },
    cooldown: { requests: 0 },
    workers: "auto",
    inputTokens: String(load.input_tokens),
    outputTokens: String(load.output_tokens),
    ignoreEos: false,
    sharedPrefix: 0,
    seed: cfg.seed,
    out,
    command: ["infermark", "run", cfg.source],
  });
  for (const w of warnings) log(`${c.name}: warning: ${w}`);
  const r = await bench(options, hooks, signals);
  return { dir: out, summary: r.summary };
}

/** Per-request latencies of the completed, measured requests the target answered (not the cache) that `keep` selects. */
function latencies(recordFiles: readonly string[], keep: (r: RequestRecord) => boolean): LevelValues {
  const v = { ttft: [] as number[], tpot: [] as number[], e2e: [] as number[] };
  const parse = withSchemaId<RequestRecord>(RECORD_SCHEMA);
  for (const file of recordFiles)
    forEachJsonl(
      file,
      (r) => {
        if (!isMeasured(r) || !isCompleted(r) || !keep(r)) return;
        const t = requestTiming(r);
        if (t.ttft !== null) v.ttft.push(t.ttft);
        if (t.tpot !== null) v.tpot.push(t.tpot);
        if (t.e2e !== null) v.e2e.push(t.e2e);
      },
      parse,
    );
  return v;
}

/**
 * `infermark run`: for each candidate the quality stage (tasks with their perturbations and usability
 * checks), then the load stage, each resumable; then the decision across candidates, written to
 * OUT/summary.json. Pure orchestration: every number comes from the stages' own summaries.
 */
export async function runChoice(
  cfg: RunConfig,
  outDir: string,
  log: RunLog = () => {},
  hooks: RunnerHooks = {},
  signals?: RunnerSignals,
): Promise<{ summary: ChoiceSummary; runs: CandidateRun[] }> {
  makeDirs(outDir, "run directory");
  const runs: CandidateRun[] = [];
  for (const c of cfg.candidates) {
    const dir = join(outDir, c.name.replace(/[^\w.-]+/g, "_"));
    makeDirs(dir, "candidate directory");
    const quality = await qualityStage(cfg, c, dir, log, hooks, signals);
    const load = await loadStage(cfg, c, dir, log, hooks, signals);
    const last = load?.summary.levels[load.summary.levels.length - 1];
    const values = new Map<number, LevelValues>(
      load && last ? [[last.level, latencies([runPaths(load.dir).records], (r) => r.level === last.level)]] : [],
    );
    const { metrics, level } = candidateMetrics({
      evals: quality.summaries,
      bench: load?.summary ?? null,
      levelValues: values,
      qualityValues: latencies(
        quality.dirs.map((d) => runPaths(d).records).filter((f) => existsSync(f)),
        () => true,
      ),
      pricing: c.pricing,
    });
    runs.push({
      name: c.name,
      evalDirs: quality.dirs,
      benchDir: load?.dir ?? null,
      candidate: { name: c.name, metrics },
      level,
    });
  }
  const candidates = runs.map((r) => r.candidate);
  const card = scorecard(candidates, cfg.profile);
  const axes = [
    { metric: "accuracy", better: "higher" as const },
    { metric: "ttft.p95", better: "lower" as const },
    ...(candidates.every((c) => c.metrics.cost_per_1k_requests)
      ? [{ metric: "cost_per_1k_requests", better: "lower" as const }]
      : []),
  ];
  const pareto = paretoFront(
    candidates.map((c) => ({
      name: c.name,
      values: Object.fromEntries(axes.map((a) => [a.metric, c.metrics[a.metric]?.value])),
    })),
    axes,
  );
  const summary: ChoiceSummary = {
    schema: CHOICE_SCHEMA,
    profile: cfg.profile.name,
    candidates: runs.map((r) => ({
      name: r.name,
      eval_dirs: r.evalDirs,
      bench_dir: r.benchDir,
      level: r.level,
      metrics: r.candidate.metrics,
    })),
    scorecard: card,
    pareto,
    recommendation: recommendation(card, candidates),
  };
  writeJson(
    join(outDir, "summary.json"),
    summary,
    cfg.candidates.flatMap((c) => secretsOf(c)),
  );
  // The config as written (keys as ${VAR} or redacted), so the choice can be traced to what was asked.
  writeJson(join(outDir, "config.json"), { source: cfg.source, profile: cfg.profile, config: cfg.asWritten }, []);
  return { summary, runs };
}
