import { existsSync } from "node:fs";
import { UserError } from "../errors.js";
import { forEachJsonl } from "../records/jsonl-stream.js";
import { readJsonl, withSchemaId } from "../records/jsonl.js";
import { isCompleted, RECORD_SCHEMA, type RequestRecord } from "../records/record.js";
import { readRunJson } from "../records/run-json.js";
import { runPaths } from "../records/run-dir.js";
import { RowSample } from "../stats/row-sample.js";
import {
  COMPARED_METRICS,
  compareBenchRuns,
  type BenchCompareResult,
  type BenchRunSample,
  type ComparedMetric,
  type LevelSample,
} from "../standards/efficiency/compare-bench.js";
import { LATENCY_METRICS } from "../standards/efficiency/latency-metrics.js";
import { LEVEL_SCHEMA, type LevelLine } from "../standards/efficiency/level-line.js";
import { requestTiming, type RequestTiming } from "../standards/efficiency/request-timing.js";
import { RunAccumulator } from "../standards/efficiency/summarize-run.js";
import { isMeasured } from "../standards/efficiency/summarize.js";
import { benchFacts } from "./report-session.js";

/** Values per metric and level the bootstrap resamples at most (a seeded uniform sample beyond), so memory stays bounded. */
export const COMPARE_SAMPLE_CAP = 20_000;

/** The metric definitions compare uses are the level summary's own (latency-metrics.ts), so both count the same requests. */
const VALUE: Record<ComparedMetric, (t: RequestTiming) => number | null> = Object.fromEntries(
  COMPARED_METRICS.map((name) => {
    const m = LATENCY_METRICS.find((x) => x.name === name);
    if (!m || m.per !== "request") throw new Error(`${name} is not a per-request latency metric`);
    return [name, m.value];
  }),
) as Record<ComparedMetric, (t: RequestTiming) => number | null>;

/**
 * Reads one bench (or imported) run directory for compare in one streaming pass over its records:
 * the level summaries as `report` computes them, plus per level and metric the values of the
 * successful measured requests (a seeded uniform sample of `cap` beyond that), so a run of any
 * length is read in bounded memory.
 */
export function loadBenchRunSample(dir: string, cap = COMPARE_SAMPLE_CAP): BenchRunSample & { notes: string[] } {
  const paths = runPaths(dir);
  const run = readRunJson(paths.run);
  if (run.kind === "eval") throw new UserError(`${dir} is an eval run, not a bench run`);
  const lines = existsSync(paths.levels) ? readJsonl(paths.levels, withSchemaId<LevelLine>(LEVEL_SCHEMA)).values : [];
  const acc = new RunAccumulator(
    benchFacts(run, lines, run.kind === "imported" ? run.imported.durations_s : undefined),
  );
  const samples = new Map<number, Record<ComparedMetric, RowSample>>();
  const { truncatedLastLine } = forEachJsonl<RequestRecord>(
    paths.records,
    (r) => {
      acc.add(r);
      if (!isMeasured(r) || !isCompleted(r)) return;
      let level = samples.get(r.level);
      if (!level) {
        // Seeded by level so the same run always gives the same sample.
        const make = (i: number): RowSample => new RowSample(1, cap, 0x5a4d + 31 * r.level + i);
        level = { ttft: make(0), tpot: make(1), e2e: make(2) };
        samples.set(r.level, level);
      }
      const t = requestTiming(r);
      for (const m of COMPARED_METRICS) {
        const v = VALUE[m](t);
        if (v !== null) level[m].add([v]);
      }
    },
    withSchemaId<RequestRecord>(RECORD_SCHEMA),
  );
  const summary = acc.finish();
  const levels = summary.levels.map((l): LevelSample => {
    const s = samples.get(l.level);
    const metric = (m: ComparedMetric): LevelSample["latency"][ComparedMetric] => ({
      values: s?.[m].columns()[0] ?? new Float64Array(0),
      n: s?.[m].offered ?? 0,
      exact: l.latency_ms[m],
    });
    return {
      level: l.level,
      load: l.load,
      latency: { ttft: metric("ttft"), tpot: metric("tpot"), e2e: metric("e2e") },
      throughput: {
        output_tokens_per_s: l.throughput.output_tokens_per_s,
        requests_per_s: l.throughput.requests_per_s,
      },
      goodput: l.goodput ? { requests_per_s: l.goodput.requests_per_s, fraction: l.goodput.fraction } : null,
      cut: l.cut !== undefined,
    };
  });
  const notes = truncatedLastLine
    ? [`infermark: ${paths.records} ends in a partial line (a crash mid-write?); it was left out`]
    : [];
  return { dir, slo: summary.slo, levels, notes };
}

/** Compares two bench run directories level by level, from their records alone (no server is asked). */
export function compareBenchDirs(opts: { a: string; b: string; seed: number }): {
  result: BenchCompareResult;
  notes: string[];
} {
  const { notes: na, ...A } = loadBenchRunSample(opts.a);
  const { notes: nb, ...B } = loadBenchRunSample(opts.b);
  return { result: compareBenchRuns(A, B, { seed: opts.seed, sampleCap: COMPARE_SAMPLE_CAP }), notes: [...na, ...nb] };
}
