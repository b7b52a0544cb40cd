import type { RequestRecord } from "../../records/record.js";
import { capacityFromProbes } from "./capacity.js";
import { levelContext, type LevelLine } from "./level-line.js";
import type { SloTerm } from "./slo.js";
import { meetsWithMargin, sloObject } from "./slo.js";
import { summarizeBench, type BenchSummary } from "./summarize.js";

/**
 * The whole bench summary from what a run directory holds: records, level lines and the SLO in
 * run.json. The run itself and `infermark report` both call this, so they agree to the byte.
 */
export function summarizeRun(target: Record<string, unknown>, records: readonly RequestRecord[], lines: readonly LevelLine[], slo: readonly SloTerm[], durations?: readonly number[]): BenchSummary {
  const ctx = levelContext(lines);
  const summary = summarizeBench(target, records, { slo, client: ctx.client, prometheus: ctx.prometheus, ...(durations ? { durations } : {}) });
  if (ctx.probes && slo.length > 0) {
    const byLevel = new Map(summary.levels.map((l) => [l.level, l]));
    const probes = [...ctx.probes.byValue.entries()].map(([value, levels]) => ({
      value,
      levels,
      met: levels.every((i) => {
        const g = byLevel.get(i)?.goodput;
        return g !== undefined && g !== null && meetsWithMargin(g, slo, ctx.probes!.margin);
      }),
    }));
    summary.capacity = capacityFromProbes(ctx.probes.metric, sloObject(slo), probes);
  }
  return summary;
}
