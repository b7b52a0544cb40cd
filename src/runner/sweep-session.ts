import { existsSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.js";
import { makeDirs } from "../make-dirs.js";
import { runPaths, writeJson } from "../records/run-dir.js";
import { secretsOf } from "../records/redact.js";
import { compareRuns } from "../standards/accuracy/compare-runs.js";
import type { EvalSummary } from "../standards/accuracy/summarize-eval.js";
import {
  extremes,
  isDefaultPoint,
  parseDecodingGrid,
  pointDir,
  pointLabel,
  type DecodingPoint,
  type DecodingSweep,
  type SweepPointResult,
} from "../standards/robustness/decoding-grid.js";
import { checkParams } from "../targets/capabilities.js";
import { targetCapabilities } from "../targets/open-target.js";
import type { RunnerHooks, RunnerSignals } from "./request-runner.js";
import {
  buildTask,
  evaluate,
  loadEvalRun,
  withPresetData,
  type CacheUse,
  type EvalOptions,
  type EvalResult,
} from "./eval-session.js";

/** The subdirectory of the task's own settings when no grid point is them. */
const DEFAULT_DIR = "default";

/** The point's settings as an eval run takes them: temperature on the task, the rest as request parameters. */
function split(p: DecodingPoint): { temperature?: number; params: Record<string, number> } {
  const { temperature, ...params } = p;
  return { ...(temperature !== undefined ? { temperature } : {}), params };
}

/** Refuses, before any request, a grid the target cannot take or that --param / --temperature already fix. */
function checkGrid(opts: EvalOptions, points: readonly DecodingPoint[]): void {
  const swept = Object.keys(points[0] ?? {});
  const fixed = swept.filter((k) => k in opts.params);
  if (fixed[0] !== undefined)
    throw new UserError(`--sweep-decoding varies ${fixed[0]}, which --param also sets: drop one of them`);
  if (swept.includes("temperature") && opts.spec.temperature !== undefined)
    throw new UserError("--sweep-decoding varies temperature: drop --temperature");
  const caps = targetCapabilities(opts.target);
  for (const p of points) {
    const error = checkParams(caps, { params: { ...opts.params, ...p } }).errors[0];
    if (error) throw new UserError(error.replace(/^--param /, "--sweep-decoding "));
  }
}

function mergeCache(uses: ReadonlyArray<CacheUse | null>): CacheUse | null {
  const on = uses.filter((u): u is CacheUse => u !== null);
  if (on.length === 0) return null;
  const times = on
    .flatMap((u) => [u.oldest, u.newest])
    .filter((t): t is string => t !== null)
    .sort();
  return {
    hits: on.reduce((a, u) => a + u.hits, 0),
    of: on.reduce((a, u) => a + u.of, 0),
    oldest: times[0] ?? null,
    newest: times.at(-1) ?? null,
  };
}

/**
 * `eval --sweep-decoding`: the task once per point of the grid (and once at its own settings when
 * no point is them), each point an eval run of its own under --out, resumed when it is there
 * already (the same command again finishes a cut sweep) and answered from the same cache. The
 * summary is the default point's, with the surface in `decoding_sweep`.
 */
export async function sweepDecoding(
  opts: EvalOptions,
  grid: string,
  hooks: RunnerHooks = {},
  signals?: RunnerSignals,
): Promise<EvalResult> {
  const points = parseDecodingGrid(grid);
  checkGrid(opts, points);
  const spec = await withPresetData(opts.spec);
  const task = buildTask(spec);
  const metric = task.metrics[0];
  if (metric === undefined) throw new UserError(`task ${task.name} has no metric to sweep`);
  const own = task.generation.temperature;
  const planned: Array<{ point: DecodingPoint; dir: string; inGrid: boolean; isDefault: boolean }> = points.map(
    (point) => ({
      point,
      dir: join(opts.outDir, pointDir(point)),
      inGrid: true,
      isDefault: isDefaultPoint(point, own),
    }),
  );
  if (!planned.some((p) => p.isDefault))
    planned.push({ point: {}, dir: join(opts.outDir, DEFAULT_DIR), inGrid: false, isDefault: true });
  makeDirs(opts.outDir, "--out");
  const results: Array<{ plan: (typeof planned)[number]; result: EvalResult }> = [];
  for (const plan of planned) {
    if (signals?.stop.aborted) break;
    const { temperature, params } = split(plan.point);
    const result = await evaluate(
      {
        ...opts,
        spec: { ...spec, ...(temperature !== undefined ? { temperature } : {}) },
        params: { ...opts.params, ...params },
        outDir: plan.dir,
        resume: existsSync(runPaths(plan.dir).run),
      },
      hooks,
      signals,
    );
    results.push({ plan, result });
  }
  const surface: SweepPointResult[] = results.flatMap(({ plan, result }) => {
    const m = result.summary.tasks[0]?.metrics[metric];
    return m
      ? [
          {
            point: plan.point,
            label: plan.inGrid ? pointLabel(plan.point) : `default (temperature=${own})`,
            dir: plan.dir,
            value: m.value,
            ci95: m.ci95,
            n: m.n,
            default: plan.isDefault,
            in_grid: plan.inGrid,
          },
        ]
      : [];
  });
  const defaultRun = results.find((r) => r.plan.isDefault) ?? results[0];
  if (!defaultRun || !surface.some((p) => p.in_grid)) throw new UserError("--sweep-decoding: no point was run");
  const { best, worst } = extremes(surface);
  const gridCount = surface.filter((p) => p.in_grid).length;
  const sweep: DecodingSweep = {
    metric,
    points: surface,
    best: best.label,
    worst: worst.label,
    default: surface.find((p) => p.default)?.label ?? "",
    spread:
      gridCount < 2
        ? { value: null, reason: "one grid point: no spread" }
        : {
            value: best.value - worst.value,
            best_minus_worst: (() => {
              const b = loadEvalRun(best.dir);
              const w = loadEvalRun(worst.dir);
              const c = compareRuns(w, b, [metric], spec.seed).metrics[metric];
              if (!c) throw new Error(`compareRuns gave no ${metric}`);
              return c;
            })(),
          },
  };
  const base = defaultRun.result.summary;
  const summary: EvalSummary = {
    ...base,
    tasks: base.tasks.map((t, i) => (i === 0 ? { ...t, decoding_sweep: sweep } : t)),
  };
  writeJson(join(opts.outDir, "summary.json"), summary, secretsOf(opts.target));
  return {
    summary,
    outDir: opts.outDir,
    sent: results.reduce((a, r) => a + r.result.sent, 0),
    cache: mergeCache(results.map((r) => r.result.cache)),
    warnings: [...new Set(results.flatMap((r) => r.result.warnings))],
  };
}
