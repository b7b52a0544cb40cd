import type { LoadSpec, Phase, RequestRecord } from "../../records/record.js";
import type { LevelLine } from "./level-line.js";

/** A stretch of a level as run.json plans it: a number of requests or of seconds. */
export type PlannedSpan = { requests: number } | { seconds: number };

/** The phase lengths of a level as run.json plans them. */
export interface PlannedSpans {
  warmup: PlannedSpan;
  measure: PlannedSpan;
  cooldown: PlannedSpan;
}

/** What run.json says a bench run meant to do: its schedule and the level template (only the parts this needs). */
export interface RunPlan {
  schedule: { kind: string; loads?: LoadSpec[]; spans?: PlannedSpans[] };
  level: { spans: PlannedSpans };
}

/** A level that did not run to its end, with what was planned next to what is on disk. */
export interface LevelCut {
  level: number;
  load: LoadSpec;
  /**
   * `no_level_line`: levels.jsonl has no line for it — the process died during the level (kill -9,
   * out of memory, power). `short`: the level ended early (Ctrl-C) with fewer requests than planned.
   */
  reason: "no_level_line" | "short";
  /** The level's phases as planned, and their total in requests when every phase is a count. */
  planned: PlannedSpans & { requests: number | null };
  /** Records on disk for the level, by phase. */
  on_disk: Record<Phase, number> & { records: number };
  /**
   * Requests sent (ids are numbered in send order) that have no record: in flight, or finished but
   * not yet written, when the run stopped. A lower bound: requests sent after the last recorded
   * one leave no trace at all.
   */
  missing_ids: number;
}

/** What a run directory says about levels that did not finish: cut levels, and planned levels never started. */
export interface RunCompleteness {
  cut: LevelCut[];
  /** Levels of a fixed schedule (`--concurrency`, `--rate`) that never started; sweeps and searches plan as they go, so none is listed for them. */
  notRun: Array<{ level: number; load: LoadSpec }>;
}

function spansOf(plan: RunPlan, level: number): PlannedSpans {
  return (plan.schedule.kind === "levels" ? plan.schedule.spans?.[level] : undefined) ?? plan.level.spans;
}

function plannedRequests(s: PlannedSpans): number | null {
  const parts = [s.warmup, s.measure, s.cooldown];
  let total = 0;
  for (const p of parts) {
    if (!("requests" in p)) return null;
    total += p.requests;
  }
  return total;
}

/** What a level's records say about how far it got: its load, records per phase, and the highest request id. */
interface LevelOnDisk {
  load: LoadSpec;
  counts: Record<Phase, number>;
  maxId: number;
}

/**
 * Gathers, one record at a time, what `runCompleteness` compares with the plan: a few numbers per
 * level, so a run's completeness is judged without holding its records.
 */
export class CompletenessAccumulator {
  private readonly byLevel = new Map<number, LevelOnDisk>();

  add(r: RequestRecord): void {
    let e = this.byLevel.get(r.level);
    if (!e)
      this.byLevel.set(r.level, (e = { load: r.load, counts: { warmup: 0, measure: 0, cooldown: 0 }, maxId: -1 }));
    e.counts[r.phase]++;
    e.maxId = Math.max(e.maxId, r.id);
  }

  /** Compares what was added with the level lines and the plan. */
  finish(lines: readonly LevelLine[], plan: RunPlan): RunCompleteness {
    const ended = new Set(lines.map((l) => l.level));
    const levels = [...this.byLevel.keys()].sort((a, b) => a - b);
    const cut: LevelCut[] = [];
    let idsBefore = 0; // ids below this belong to earlier levels
    for (const level of levels) {
      const e = this.byLevel.get(level);
      if (!e) continue;
      const spans = spansOf(plan, level);
      const requests = plannedRequests(spans);
      const onDisk = e.counts.warmup + e.counts.measure + e.counts.cooldown;
      const reason = !ended.has(level) ? "no_level_line" : requests !== null && onDisk < requests ? "short" : null;
      if (reason) {
        cut.push({
          level,
          load: e.load,
          reason,
          planned: { ...spans, requests },
          on_disk: { ...e.counts, records: onDisk },
          missing_ids: Math.max(0, e.maxId - idsBefore + 1 - onDisk),
        });
      }
      idsBefore = Math.max(idsBefore, e.maxId + 1);
    }
    const loads = plan.schedule.kind === "levels" ? (plan.schedule.loads ?? []) : [];
    const last = levels.at(-1) ?? -1;
    const notRun = loads.map((load, level) => ({ level, load })).filter((l) => l.level > last);
    return { cut, notRun };
  }
}

/**
 * Compares a run's records and level lines with its plan. Pure: the run itself (after Ctrl-C) and
 * `infermark report` (after a crash) call it on the same files and agree.
 */
export function runCompleteness(
  records: Iterable<RequestRecord>,
  lines: readonly LevelLine[],
  plan: RunPlan,
): RunCompleteness {
  const acc = new CompletenessAccumulator();
  for (const r of records) acc.add(r);
  return acc.finish(lines, plan);
}
