import type { LoadSpec, RequestRecord } from "../../records/record.js";
import { capacityFromProbes, probeOutcome, type CapacityProbe } from "./capacity.js";
import {
  DEFAULT_LIMITS,
  LevelAccumulator,
  type AccumulatorLimits,
  type LevelObservations,
} from "./level-accumulator.js";
import { CompletenessAccumulator, type RunPlan } from "./level-cut.js";
import { levelContext, type LevelLine } from "./level-line.js";
import { BENCH_SUMMARY_SCHEMA, type BenchSummary, type LevelSummary } from "./level-summary.js";
import type { SloTerm } from "./slo.js";
import { sloObject } from "./slo.js";
import { BenchAccumulator } from "./summarize.js";

/** What a run directory says besides its records: level lines, the SLO in run.json, imported durations and the plan. */
export interface RunFacts {
  target: Record<string, unknown>;
  lines: readonly LevelLine[];
  slo: readonly SloTerm[];
  durations?: readonly number[];
  plan?: RunPlan;
}

/**
 * The whole bench summary fed one record at a time in file order (`add`), then `finish`: level
 * summaries, cut levels and the capacity search, holding per level only what its summary needs.
 * The run itself and `infermark report` both stream records.jsonl through it, so they agree to the byte.
 */
export class RunAccumulator {
  private readonly levels: BenchAccumulator;
  private readonly completeness = new CompletenessAccumulator();

  constructor(
    private readonly facts: RunFacts,
    private readonly limits: AccumulatorLimits = DEFAULT_LIMITS,
  ) {
    this.levels = new BenchAccumulator(facts.slo, limits);
  }

  add(r: RequestRecord): void {
    this.levels.add(r);
    if (this.facts.plan) this.completeness.add(r);
  }

  /** One level's summary from the records added so far, for decisions while the run goes (a sweep's next rate, a probe's outcome). */
  levelSummary(level: number, load: LoadSpec, obs: LevelObservations): LevelSummary {
    return this.levels.levelSummary(level, load, obs);
  }

  /**
   * With the run's plan (run.json's schedule and level), levels that did not finish are marked cut
   * — also one cut before any measured request — and planned levels never started are listed.
   */
  finish(): BenchSummary {
    const { target, lines, slo, durations, plan } = this.facts;
    const ctx = levelContext(lines);
    const summaryCtx = { client: ctx.client, prometheus: ctx.prometheus, ...(durations ? { durations } : {}) };
    const summary: BenchSummary = {
      schema: BENCH_SUMMARY_SCHEMA,
      target,
      slo: slo.length ? sloObject(slo) : null,
      levels: this.levels.finish(summaryCtx),
    };
    if (plan) {
      const { cut, notRun } = this.completeness.finish(lines, plan);
      for (const c of cut) {
        let l = summary.levels.find((s) => s.level === c.level);
        if (!l) {
          const imported = durations?.[c.level];
          const obs = {
            client: ctx.client.get(c.level) ?? null,
            prometheus: ctx.prometheus.get(c.level) ?? null,
            ...(imported !== undefined ? { importedDurationS: imported } : {}),
          };
          summary.levels.push((l = new LevelAccumulator(c.load, slo, this.limits).finish(c.level, obs)));
        }
        l.cut = c;
      }
      summary.levels.sort((a, b) => a.level - b.level);
      if (notRun.length > 0) summary.levels_not_run = notRun;
    }
    if (ctx.probes && slo.length > 0) {
      const { margin } = ctx.probes;
      const byLevel = new Map(summary.levels.map((l) => [l.level, l]));
      const probes = [...ctx.probes.byValue.entries()].map(([value, levels]): CapacityProbe => {
        const runs = levels.map((i) => byLevel.get(i)).filter((l): l is LevelSummary => l !== undefined);
        const why = [...new Set(runs.flatMap((l) => probeOutcome(l, slo, margin).why))];
        // A run with no measured record (interrupted) shows nothing: the probe did not pass.
        if (runs.length < levels.length) why.push("a run has no measured requests");
        return {
          value,
          levels,
          met: why.length === 0,
          achieved: runs.length ? Math.min(...runs.map((l) => l.achieved_rate)) : 0,
          why,
        };
      });
      summary.capacity = capacityFromProbes(ctx.probes.metric, sloObject(slo), probes);
    }
    return summary;
  }
}

/**
 * The whole bench summary from what a run directory holds: records, level lines and the SLO in
 * run.json. The run itself and `infermark report` both compute it this way, so they agree to the byte.
 * With the run's plan (run.json's schedule and level), levels that did not finish are marked cut
 * — also one cut before any measured request — and planned levels never started are listed.
 */
export function summarizeRun(
  target: Record<string, unknown>,
  records: Iterable<RequestRecord>,
  lines: readonly LevelLine[],
  slo: readonly SloTerm[],
  durations?: readonly number[],
  plan?: RunPlan,
): BenchSummary {
  const acc = new RunAccumulator({
    target,
    lines,
    slo,
    ...(durations ? { durations } : {}),
    ...(plan ? { plan } : {}),
  });
  for (const r of records) acc.add(r);
  return acc.finish();
}
