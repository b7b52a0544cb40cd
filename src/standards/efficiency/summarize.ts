import type { LoadSpec, RequestRecord } from "../../records/record.js";
import type { ClientHealth } from "./client-health.js";
import { DEFAULT_LIMITS, LevelAccumulator, type AccumulatorLimits } from "./level-accumulator.js";
import { BENCH_SUMMARY_SCHEMA, type BenchSummary, type LevelSummary } from "./level-summary.js";
import type { PrometheusDelta } from "./server-signals.js";
import { sloObject, type SloTerm } from "./slo.js";

export {
  BENCH_SUMMARY_SCHEMA,
  type BenchSummary,
  type Goodput,
  type LevelSummary,
  type Validity,
} from "./level-summary.js";
export { LATE_MS, PACING_LIMIT_MS } from "./validity.js";

/** What the summary needs beyond the records: the SLO and what was observed per level. */
export interface SummaryContext {
  slo?: readonly SloTerm[];
  client?: ReadonlyMap<number, ClientHealth>;
  /** The server's /metrics change over each level, by level index. */
  prometheus?: ReadonlyMap<number, PrometheusDelta>;
  /** Each level's duration (s), by level index, for imported runs whose records carry no real send times. */
  durations?: readonly number[];
}

/** The observations of one level out of a run's context. */
function observations(level: number, ctx: SummaryContext): Parameters<LevelAccumulator["finish"]>[1] {
  const imported = ctx.durations?.[level];
  return {
    client: ctx.client?.get(level) ?? null,
    prometheus: ctx.prometheus?.get(level) ?? null,
    ...(imported !== undefined ? { importedDurationS: imported } : {}),
  };
}

/** Summarises the measured records of one level (warmup and cooldown excluded by the caller). Pure: same input, same numbers. */
export function summarizeLevel(
  level: number,
  load: LoadSpec,
  records: Iterable<RequestRecord>,
  ctx: SummaryContext = {},
): LevelSummary {
  const acc = new LevelAccumulator(load, ctx.slo ?? []);
  for (const r of records) acc.add(r);
  return acc.finish(level, observations(level, ctx));
}

/** A record counts towards its level's metrics: measured, and really asked (a cached answer carries no real timing). */
export function isMeasured(r: RequestRecord): boolean {
  return r.phase === "measure" && !r.cached;
}

/** Measured records of each level, by level index, in level order. */
export function measuredByLevel(records: readonly RequestRecord[]): Array<[number, RequestRecord[]]> {
  const byLevel = new Map<number, RequestRecord[]>();
  for (const r of records) {
    if (!isMeasured(r)) continue;
    let list = byLevel.get(r.level);
    if (!list) byLevel.set(r.level, (list = []));
    list.push(r);
  }
  return [...byLevel.entries()].sort((a, b) => a[0] - b[0]);
}

/**
 * A whole run's level summaries, fed one record at a time in file order: each level's measured
 * records go to its own accumulator (its load is its first measured record's), so a run of any
 * length is summarised without holding its records.
 */
export class BenchAccumulator {
  private readonly levels = new Map<number, LevelAccumulator>();

  constructor(
    private readonly slo: readonly SloTerm[] = [],
    private readonly limits: AccumulatorLimits = DEFAULT_LIMITS,
  ) {}

  add(r: RequestRecord): void {
    if (!isMeasured(r)) return;
    let acc = this.levels.get(r.level);
    if (!acc) this.levels.set(r.level, (acc = new LevelAccumulator(r.load, this.slo, this.limits)));
    acc.add(r);
  }

  /** The summary of one level so far (a level with no measured record yet gives the empty summary of `load`). */
  levelSummary(level: number, load: LoadSpec, obs: Parameters<LevelAccumulator["finish"]>[1]): LevelSummary {
    return (this.levels.get(level) ?? new LevelAccumulator(load, this.slo, this.limits)).finish(level, obs);
  }

  /** One summary per level with measured records, in level order. */
  finish(ctx: Omit<SummaryContext, "slo"> = {}): LevelSummary[] {
    const full = { ...ctx, slo: this.slo };
    return [...this.levels.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([level, acc]) => acc.finish(level, observations(level, full)));
  }
}

/** Summarises a whole run from its records: one entry per load level, warmup and cooldown excluded. */
export function summarizeBench(
  target: Record<string, unknown>,
  records: Iterable<RequestRecord>,
  ctx: SummaryContext = {},
): BenchSummary {
  const acc = new BenchAccumulator(ctx.slo ?? []);
  for (const r of records) acc.add(r);
  return {
    schema: BENCH_SUMMARY_SCHEMA,
    target,
    slo: ctx.slo?.length ? sloObject(ctx.slo) : null,
    levels: acc.finish(ctx),
  };
}
