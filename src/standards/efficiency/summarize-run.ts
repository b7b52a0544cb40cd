import type { RequestRecord } from "../../records/record.js";
import { capacityFromProbes } from "./capacity.js";
import { runCompleteness, type RunPlan } from "./level-cut.js";
import { levelContext, type LevelLine } from "./level-line.js";
import type { SloTerm } from "./slo.js";
import { meetsWithMargin, sloObject } from "./slo.js";
import { summarizeBench, summarizeLevel, type BenchSummary, type SummaryContext } from "./summarize.js";

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
    const byLevel = new Map(summary.levels.map((l) => [l.level, l]));
    const probes = [...ctx.probes.byValue.entries()].map(([value, levels]) => ({
      value,
      levels,
      met: levels.every((i) => {
        const g = byLevel.get(i)?.goodput;
        return g !== undefined && g !== null && meetsWithMargin(g.values, slo, ctx.probes!.margin);
      }),
    }));
    summary.capacity = capacityFromProbes(ctx.probes.metric, sloObject(slo), probes);
  }
  return summary;
}
