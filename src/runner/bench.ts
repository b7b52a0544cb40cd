import { randomBytes } from "node:crypto";
import { setMaxListeners } from "node:events";
import { RecordBuilder } from "../records/build.js";
import type { LoadSpec, RequestRecord } from "../records/record.js";
import type { Target } from "../targets/target.js";
import type { Workload } from "../workloads/workload.js";
import { closedLoop } from "./closed-loop.js";
import { RecordQueue } from "./record-queue.js";

/** What a bench run does: which load levels, how many requests each, and what to ask. */
export interface BenchPlan {
  levels: LoadSpec[];
  requestsPerLevel: number;
  /** Requests sent first, at the first level's concurrency, recorded as warmup and excluded from metrics. */
  warmup: number;
  workload: Workload;
  ignoreEos: boolean;
  params: Record<string, unknown>;
}

/** Callbacks that let the caller write, show and stop a run while it goes. */
export interface BenchHooks {
  /** Called once per finished request, in completion order. */
  onRecord?(record: RequestRecord): void;
  onLevelStart?(level: number, load: LoadSpec, phase: "warmup" | "measure", total: number): void;
  onLevelEnd?(level: number, load: LoadSpec, phase: "warmup" | "measure"): void;
}

/** Signals that end a run early: `stop` sends nothing more; `abort` also cuts requests in flight. */
export interface BenchSignals {
  stop: AbortSignal;
  abort: AbortSignal;
}

/** Runs every level of the plan against the target, in order, and returns all records (warmup included). */
export async function runBench(target: Target, plan: BenchPlan, hooks: BenchHooks, signals: BenchSignals, t0: number): Promise<RequestRecord[]> {
  const runTag = randomBytes(4).toString("hex");
  // Every request in flight listens on the abort signal: hundreds of listeners are expected here.
  setMaxListeners(0, signals.abort);
  const records: RequestRecord[] = [];
  let nextId = 0;
  let nextItem = 0;
  const queue = new RecordQueue((record) => {
    records.push(record);
    hooks.onRecord?.(record);
  });

  const phases: Array<{ level: number; load: LoadSpec; phase: "warmup" | "measure"; count: number }> = [];
  if (plan.warmup > 0 && plan.levels[0]) phases.push({ level: 0, load: plan.levels[0], phase: "warmup", count: plan.warmup });
  plan.levels.forEach((load, level) => phases.push({ level, load, phase: "measure", count: plan.requestsPerLevel }));

  for (const { level, load, phase, count } of phases) {
    if (signals.stop.aborted) break;
    hooks.onLevelStart?.(level, load, phase, count);
    await closedLoop(
      load.value,
      count,
      async (_index, tIntended) => {
        const id = nextId++;
        const item = nextItem++;
        const work = plan.workload.item(item);
        const builder = new RecordBuilder({ id, level, load, phase, item, t0, tIntended, inputTokensHint: work.inputTokensHint });
        const req = { id: `${runTag}-${id}`, maxTokens: work.maxTokens, ignoreEos: plan.ignoreEos, params: plan.params, ...(work.messages ? { messages: work.messages } : { prompt: work.prompt! }) };
        await target.send(req, builder.emit, signals.abort);
        queue.push(builder);
      },
      signals.stop,
    );
    await queue.drain();
    hooks.onLevelEnd?.(level, load, phase);
  }
  return records;
}
