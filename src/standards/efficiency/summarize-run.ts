import type { RequestRecord } from "../../records/record.js";
import { capacityFromProbes, probeOutcome, type CapacityProbe } from "./capacity.js";
import { runCompleteness, type RunPlan } from "./level-cut.js";
import { levelContext, type LevelLine } from "./level-line.js";
import type { SloTerm } from "./slo.js";
import { sloObject } from "./slo.js";
import { summarizeBench, summarizeLevel, type BenchSummary, type LevelSummary, type SummaryContext } from "./summarize.js";

/**
 * The whole bench summary from what a run directory holds: records, level lines and the SLO in
 * run.json. The run itself and `infermark report` both call this, so they agree to the byte.
 * With the run's plan (run.json's schedule and level), levels that did not finish are marked cut
 * — also one cut before any measured request — and planned levels never started are listed.
 */
export function summarizeRun(target: Record<string, unknown>, records: readonly RequestRecord[], lines: readonly LevelLine[], slo: readonly SloTerm[], durations?: readonly number[], plan?: RunPlan): BenchSummary {
  const ctx = levelContext(lines);
  const summaryCtx: SummaryContext = { slo, client: ctx.client, prometheus: ctx.prometheus, ...(durations ? { durations } : {}) };
  const summary = summarizeBench(target, records, summaryCtx);
  if (plan) {
    const { cut, notRun } = runCompleteness(records, lines, plan);
    for (const c of cut) {
      let l = summary.levels.find((s) => s.level === c.level);
      if (!l) summary.levels.push((l = summarizeLevel(c.level, c.load, [], summaryCtx)));
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
      return { value, levels, met: why.length === 0, achieved: runs.length ? Math.min(...runs.map((l) => l.achieved_rate)) : 0, why };
    });
    summary.capacity = capacityFromProbes(ctx.probes.metric, sloObject(slo), probes);
  }
  return summary;
}
