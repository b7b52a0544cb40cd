import type { LoadSpec } from "../../records/record.js";
import { bootstrapQuantiles, differenceInterval } from "../../stats/bootstrap-quantiles.js";
import { percentileSorted, type Distribution } from "../../stats/distribution.js";
import { createRng, mixSeed } from "../../stats/rng.js";

/** Schema id of what `infermark compare --json` prints for two bench runs. */
export const COMPARE_BENCH_SCHEMA = "infermark.compare-bench/1";

/**
 * Per-request latency metrics compared. ITL is left out: its gaps cluster within requests, so a
 * request-level bootstrap of a gap percentile would re-pool every gap on every resample; TPOT
 * carries the same decode speed one value per request.
 */
export const COMPARED_METRICS = ["ttft", "tpot", "e2e"] as const;
export type ComparedMetric = (typeof COMPARED_METRICS)[number];

export const COMPARED_STATS = ["p50", "p95", "p99"] as const;
export type ComparedStat = (typeof COMPARED_STATS)[number];
const QUANTILE: Record<ComparedStat, number> = { p50: 0.5, p95: 0.95, p99: 0.99 };

/** Bootstrap resamples per metric and side. */
export const BOOTSTRAP_REPS = 2000;

/** One metric of one level as a run measured it: its successful measured requests' values. */
export interface MetricSample {
  /** The values, every one or a uniform sample of them (when `n` is larger than their count). */
  values: ArrayLike<number>;
  /** Requests that define the metric, before any sampling. */
  n: number;
  /** The level summary's distribution over all `n` requests: its percentiles are the ones shown, so compare agrees with report. */
  exact?: Distribution;
}

/** One load level of a run, as compare needs it. */
export interface LevelSample {
  level: number;
  load: LoadSpec;
  latency: Record<ComparedMetric, MetricSample>;
  throughput: { output_tokens_per_s: number; requests_per_s: number };
  goodput: { requests_per_s: number; fraction: number } | null;
  /** The level did not run to its end (the run was interrupted). */
  cut: boolean;
}

/** One bench run as compare needs it. */
export interface BenchRunSample {
  dir: string;
  /** The run's SLO (summary form); goodput is comparable only under the same one. */
  slo: Record<string, number> | null;
  levels: LevelSample[];
}

export type MetricVerdict = "faster" | "slower" | "no_significant_difference";

/** One percentile of one metric at one level: A, B, B − A and its bootstrap CI, and what that says. */
export type PercentileComparison = {
  metric: ComparedMetric;
  stat: ComparedStat;
  a: number | null;
  b: number | null;
  /** Requests behind the value on each side. */
  n: { a: number; b: number };
  /** Values the bootstrap resampled on each side, when fewer than n (a uniform sample); null when it used all. */
  sampled: { a: number | null; b: number | null };
  /** Fewer than 1 / (1 − q) requests on a side: the percentile is near that side's maximum and its CI too narrow. */
  thin: boolean;
} & (
  | { difference: number; ratio: number | null; ci95: [number, number]; verdict: MetricVerdict }
  | { difference: null; ratio: null; ci95: null; verdict: null; reason: string }
);

/** A quantity measured once per run (no CI): both values and B / A (null when A is 0). */
export interface SideBySide {
  a: number;
  b: number;
  ratio: number | null;
}

export type OverallVerdict = "faster" | "slower" | "mixed" | "no_significant_difference" | "not_comparable";

/** Two levels of the same load, one from each run. */
export interface LevelComparison {
  load: LoadSpec;
  /** Level index in each run. */
  levels: { a: number; b: number };
  latency: PercentileComparison[];
  throughput: { output_tokens_per_s: SideBySide; requests_per_s: SideBySide };
  goodput:
    { applicable: true; requests_per_s: SideBySide; fraction: SideBySide } | { applicable: false; reason: string };
  /** Over the latency percentiles: B faster where some CI lies below 0 and none above, slower the other way round. */
  verdict: { overall: OverallVerdict; faster: string[]; slower: string[] };
  notes: string[];
}

/** What `infermark compare` reports for two bench runs. */
export interface BenchCompareResult {
  schema: typeof COMPARE_BENCH_SCHEMA;
  a: string;
  b: string;
  method: {
    ci: string;
    resamples: number;
    seed: number;
    /** Values per metric and side the bootstrap resamples at most (a seeded uniform sample beyond). */
    sample_cap: number | null;
  };
  levels: LevelComparison[];
  /** Levels whose load the other run has no level of. */
  unmatched: {
    only_in_a: Array<{ level: number; load: LoadSpec }>;
    only_in_b: Array<{ level: number; load: LoadSpec }>;
  };
}

/** Levels are matched by their load; a load run twice in one run (a repeated probe) matches occurrence by occurrence. */
function loadKeys(levels: readonly LevelSample[]): string[] {
  const seen = new Map<string, number>();
  return levels.map((l) => {
    const base = `${l.load.mode}:${l.load.value}`;
    const k = seen.get(base) ?? 0;
    seen.set(base, k + 1);
    return `${base}#${k}`;
  });
}

export function loadLabel(load: LoadSpec): string {
  return load.mode === "concurrency" ? `concurrency ${load.value}` : `rate ${load.value}/s`;
}

function sortedOf(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

function sideBySide(a: number, b: number): SideBySide {
  return { a, b, ratio: a !== 0 ? b / a : null };
}

function verdictOf(ci: [number, number]): MetricVerdict {
  if (ci[1] < 0) return "faster";
  if (ci[0] > 0) return "slower";
  return "no_significant_difference";
}

/** One metric's three percentiles at one level pair; resamples are seeded by (seed, pair, metric, side). */
function compareMetric(
  metric: ComparedMetric,
  A: MetricSample,
  B: MetricSample,
  seed: number,
  reps: number,
): PercentileComparison[] {
  const sa = sortedOf(A.values);
  const sb = sortedOf(B.values);
  const qs = COMPARED_STATS.map((s) => QUANTILE[s]);
  const enough = sa.length >= 2 && sb.length >= 2;
  const boots = enough
    ? {
        a: bootstrapQuantiles(sa, qs, reps, createRng(mixSeed(seed, 0))),
        b: bootstrapQuantiles(sb, qs, reps, createRng(mixSeed(seed, 1))),
      }
    : null;
  const point = (side: MetricSample, sorted: Float64Array, stat: ComparedStat): number | null =>
    side.exact?.[stat] ?? (sorted.length > 0 ? percentileSorted(sorted, QUANTILE[stat]) : null);
  return COMPARED_STATS.map((stat, s): PercentileComparison => {
    const a = point(A, sa, stat);
    const b = point(B, sb, stat);
    const common = {
      metric,
      stat,
      a,
      b,
      n: { a: A.n, b: B.n },
      sampled: { a: sa.length < A.n ? sa.length : null, b: sb.length < B.n ? sb.length : null },
      thin: enough && Math.min(A.n, B.n) * (1 - QUANTILE[stat]) < 1,
    };
    const ra = boots?.a[s];
    const rb = boots?.b[s];
    if (a === null || b === null || !ra || !rb) {
      const side = sa.length < 2 && sb.length < 2 ? "either run" : sa.length < 2 ? "A" : "B";
      return {
        ...common,
        difference: null,
        ratio: null,
        ci95: null,
        verdict: null,
        reason: `fewer than 2 successful requests define ${metric} in ${side}`,
      };
    }
    const ci95 = differenceInterval(ra, rb);
    return { ...common, difference: b - a, ratio: a !== 0 ? b / a : null, ci95, verdict: verdictOf(ci95) };
  });
}

function sameSlo(a: Record<string, number> | null, b: Record<string, number> | null): boolean {
  if (a === null || b === null) return a === b;
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

function compareLevel(
  A: LevelSample,
  B: LevelSample,
  slo: { a: Record<string, number> | null; b: Record<string, number> | null },
  seed: number,
  reps: number,
): LevelComparison {
  const latency = COMPARED_METRICS.flatMap((m, i) =>
    compareMetric(m, A.latency[m], B.latency[m], mixSeed(seed, i), reps),
  );
  const name = (c: PercentileComparison): string => `${c.metric} ${c.stat}`;
  const faster = latency.filter((c) => c.verdict === "faster").map(name);
  const slower = latency.filter((c) => c.verdict === "slower").map(name);
  const judged = latency.some((c) => c.verdict !== null);
  const overall: OverallVerdict = !judged
    ? "not_comparable"
    : faster.length > 0 && slower.length > 0
      ? "mixed"
      : faster.length > 0
        ? "faster"
        : slower.length > 0
          ? "slower"
          : "no_significant_difference";
  let goodput: LevelComparison["goodput"];
  if (!sameSlo(slo.a, slo.b)) goodput = { applicable: false, reason: "the runs' SLOs differ" };
  else if (A.goodput === null || B.goodput === null) goodput = { applicable: false, reason: "no SLO in the runs" };
  else
    goodput = {
      applicable: true,
      requests_per_s: sideBySide(A.goodput.requests_per_s, B.goodput.requests_per_s),
      fraction: sideBySide(A.goodput.fraction, B.goodput.fraction),
    };
  const notes: string[] = [];
  if (A.load.mode === "rate" && B.load.mode === "rate") {
    if (A.load.arrival !== B.load.arrival) notes.push(`arrivals differ: A ${A.load.arrival}, B ${B.load.arrival}`);
    if (A.load.max_concurrency !== B.load.max_concurrency)
      notes.push(
        `--max-concurrency differs: A ${A.load.max_concurrency ?? "none"}, B ${B.load.max_concurrency ?? "none"}`,
      );
  }
  if (A.cut) notes.push("the level was cut short in A (interrupted run)");
  if (B.cut) notes.push("the level was cut short in B (interrupted run)");
  for (const m of COMPARED_METRICS) {
    const c = latency.find((x) => x.metric === m && x.difference === null);
    if (c && c.difference === null) notes.push(`${m} not compared: ${c.reason}`);
  }
  const thin = COMPARED_STATS.filter((s) => latency.some((c) => c.thin && c.stat === s));
  if (thin.length > 0)
    notes.push(
      `${thin.join(", ")}: too few requests (n·(1 − q) < 1) put these percentiles near the maximum; their CIs understate the uncertainty`,
    );
  const sampled = latency.find((c) => c.sampled.a !== null || c.sampled.b !== null);
  if (sampled)
    notes.push(
      `the CIs resample a uniform sample of ${sampled.sampled.a ?? sampled.sampled.b} requests per side where a level has more`,
    );
  return {
    load: A.load,
    levels: { a: A.level, b: B.level },
    latency,
    throughput: {
      output_tokens_per_s: sideBySide(A.throughput.output_tokens_per_s, B.throughput.output_tokens_per_s),
      requests_per_s: sideBySide(A.throughput.requests_per_s, B.throughput.requests_per_s),
    },
    goodput,
    verdict: { overall, faster, slower },
    notes,
  };
}

/**
 * Compares bench run B with baseline A level by level, matching levels by load (mode and value).
 * For each latency percentile: B − A with a 95 % percentile-bootstrap CI, requests resampled
 * within each run independently (the runs share no requests to pair); a metric is faster or slower
 * only where that CI excludes 0. Throughput and goodput are one number per run, shown side by side.
 * Pure: the same samples and seed give the same result.
 */
export function compareBenchRuns(
  A: BenchRunSample,
  B: BenchRunSample,
  opts: { seed?: number; reps?: number; sampleCap?: number | null } = {},
): BenchCompareResult {
  const seed = opts.seed ?? 0;
  const reps = opts.reps ?? BOOTSTRAP_REPS;
  const keysA = loadKeys(A.levels);
  const keysB = loadKeys(B.levels);
  const indexB = new Map(keysB.map((k, i) => [k, i]));
  const levels: LevelComparison[] = [];
  const matchedB = new Set<number>();
  const onlyA: Array<{ level: number; load: LoadSpec }> = [];
  A.levels.forEach((la, i) => {
    const j = indexB.get(keysA[i] ?? "");
    const lb = j === undefined ? undefined : B.levels[j];
    if (j === undefined || lb === undefined) return onlyA.push({ level: la.level, load: la.load });
    matchedB.add(j);
    levels.push(compareLevel(la, lb, { a: A.slo, b: B.slo }, mixSeed(seed, levels.length), reps));
  });
  const onlyB = B.levels.filter((_, j) => !matchedB.has(j)).map((l) => ({ level: l.level, load: l.load }));
  return {
    schema: COMPARE_BENCH_SCHEMA,
    a: A.dir,
    b: B.dir,
    method: {
      ci: "percentile bootstrap of B − A; requests resampled with replacement within each run independently",
      resamples: reps,
      seed,
      sample_cap: opts.sampleCap ?? null,
    },
    levels,
    unmatched: { only_in_a: onlyA, only_in_b: onlyB },
  };
}
