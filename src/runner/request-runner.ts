import { randomBytes } from "node:crypto";
import { setMaxListeners } from "node:events";
import { RecordBuilder, type RecordContext } from "../records/build.js";
import type { LoadSpec, Phase, RequestRecord } from "../records/record.js";
import type { WorkItem, Workload } from "../workloads/workload.js";
import { arrivalTimes, parseArrival } from "./arrivals.js";
import { closedLoop } from "./closed-loop.js";
import type { Executor } from "./executor.js";
import { openLoop } from "./open-loop.js";
import { createPhaser, isTimed, type LevelSpans } from "./phases.js";
import { RecordQueue } from "./record-queue.js";

/** One load level: how load is applied and how long each of its phases lasts. */
export interface LevelPlan {
  load: LoadSpec;
  spans: LevelSpans;
  /** Seed of the arrival schedule (rate mode); the same seed gives every rate the same pattern, scaled. */
  seed: number;
  /** Rate mode: the rate climbs linearly from 0 over this many seconds. */
  rampUpS: number;
}

/** What every level asks, and how. */
export interface RequestPlan {
  workload: Workload;
  ignoreEos: boolean;
  params: Record<string, unknown>;
}

/** Callbacks that let the caller write, show and stop a run while it goes. */
export interface RunnerHooks {
  /** Called once per finished request, in completion order. */
  onRecord?(record: RequestRecord): void;
  /** `expected` is the level's request count when it is fixed in advance, else null. */
  onLevelStart?(level: number, load: LoadSpec, expected: number | null): void;
  onLevelEnd?(level: number, load: LoadSpec): void;
  /** Called once before the first level with what the unmeasured initial requests saw (null: none sent). */
  onInitialRequests?(initial: { sent: number; failed: number; error: string | null } | null): void;
}

/** Signals that end a run early: `stop` sends nothing more; `abort` also cuts requests in flight. */
export interface RunnerSignals {
  stop: AbortSignal;
  abort: AbortSignal;
}

/** Requests a level will send, when every phase is a count. */
function expectedCount(spans: LevelSpans): number | null {
  const parts = [spans.warmup, spans.measure, spans.cooldown];
  return parts.some(isTimed) ? null : parts.reduce((a, s) => a + ("requests" in s ? s.requests : 0), 0);
}

/** What running one level did: its index in the run and how many records it handed on. */
export interface LevelRun {
  level: number;
  records: number;
}

/**
 * Runs load levels one after another against one executor, numbering levels, requests and
 * workload items across the run, and hands every finished record to `onRecord`. It keeps no
 * record: whoever needs them (the records file, a level accumulator) takes each as it comes, so a
 * level of any length runs in the memory of the requests in flight.
 */
export class RequestRunner {
  private levelRecordCount = 0;
  /** Where `level()` collects the records of the level it runs; null while `runLevel()` runs one (records are only handed on). */
  private collecting: RequestRecord[] | null = null;
  private readonly runTag = randomBytes(4).toString("hex");
  private readonly queue: RecordQueue;
  private nextLevel = 0;
  private nextId = 0;
  private nextItem = 0;

  constructor(
    private readonly executor: Executor,
    private readonly requests: RequestPlan,
    private readonly hooks: RunnerHooks,
    private readonly signals: RunnerSignals,
    /** Raw performance.now() of the run start. */
    private readonly t0: number,
    /** The first record id: a resumed run numbers on after the records it already has. */
    firstId = 0,
  ) {
    this.nextId = firstId;
    // Every request in flight listens on the abort signal: hundreds of listeners are expected here.
    setMaxListeners(0, signals.abort);
    this.queue = new RecordQueue((record) => {
      this.levelRecordCount++;
      this.collecting?.push(record);
      hooks.onRecord?.(record);
    });
  }

  /** True once the caller asked to stop. */
  get stopped(): boolean {
    return this.signals.stop.aborted;
  }

  /**
   * Runs one level to its end and returns its records (every phase), in completion order. For
   * levels of known, modest size (an eval task, a test); a bench level uses `runLevel`.
   */
  async level(plan: LevelPlan): Promise<RequestRecord[]> {
    const records: RequestRecord[] = [];
    this.collecting = records;
    try {
      await this.runLevel(plan);
    } finally {
      this.collecting = null;
    }
    return records;
  }

  /** Runs one level to its end, keeping none of its records: each (every phase) went to `onRecord` as it finished. */
  async runLevel(plan: LevelPlan): Promise<LevelRun> {
    const level = this.nextLevel++;
    this.levelRecordCount = 0;
    const { load } = plan;
    this.hooks.onLevelStart?.(level, load, expectedCount(plan.spans));
    const phaseOf = createPhaser(plan.spans);
    // The work item is made once per request: a synthetic prompt is built from its seed on demand.
    const context = (phase: Phase, tIntended: number, tReleased: number): { ctx: RecordContext; work: WorkItem } => {
      const item = this.nextItem++;
      const work = this.requests.workload.item(item);
      return {
        ctx: {
          id: this.nextId++,
          level,
          load,
          phase,
          item,
          t0: this.t0,
          tIntended,
          tReleased,
          inputTokensHint: work.inputTokensHint,
          ...(work.eval ? { eval: work.eval } : {}),
        },
        work,
      };
    };

    if (load.mode === "concurrency") {
      // Phases of requests decided but not yet sent, by index: as many as there are slots, not one per request of the level.
      const phases = new Map<number, Phase>();
      let decided = 0;
      const levelStart = performance.now();
      await closedLoop(
        load.value,
        (t) => {
          const phase = phaseOf(t - levelStart);
          if (phase) phases.set(decided++, phase);
          return phase !== null;
        },
        (index, t) => {
          const phase = phases.get(index) ?? "measure";
          phases.delete(index);
          return this.send(context(phase, t, t));
        },
        this.signals.stop,
      );
    } else {
      // The whole schedule is computed before the first request: pacing never waits on generation.
      const offsets: number[] = [];
      const phases: Phase[] = [];
      const arrival = parseArrival(load.arrival);
      const timed = isTimed(plan.spans.warmup) || isTimed(plan.spans.measure) || isTimed(plan.spans.cooldown);
      let end = 0;
      for (const t of arrivalTimes(load.value, arrival, plan.seed, plan.rampUpS * 1000)) {
        const phase = phaseOf(t);
        if (phase === null) {
          end = t;
          break;
        }
        offsets.push(t);
        phases.push(phase);
      }
      const start = performance.now() + 1;
      await openLoop(
        offsets.map((o) => start + o),
        load.max_concurrency,
        async (index, due, released) => void (await this.send(context(phases[index]!, due, released))),
        (index, due, released) => {
          const b = new RecordBuilder(context(phases[index]!, due, released).ctx);
          b.emit({
            type: "error",
            t: performance.now(),
            kind: "dropped",
            message: "the level ended while this request waited for a --max-concurrency slot",
          });
          this.queue.push(() => b.build());
        },
        this.signals.stop,
        // With a timed level, arrivals still waiting for a slot when the schedule ends are dropped.
        timed ? start + end : null,
      );
    }
    await this.queue.drain();
    this.hooks.onLevelEnd?.(level, load);
    return { level, records: this.levelRecordCount };
  }

  /** Sends one request and resolves with its raw end time, once it is over. */
  private async send({ ctx, work }: { ctx: RecordContext; work: WorkItem }): Promise<number> {
    const req = {
      id: `${this.runTag}-${ctx.id}`,
      maxTokens: work.maxTokens,
      ignoreEos: this.requests.ignoreEos,
      params: work.params ? { ...this.requests.params, ...work.params } : this.requests.params,
      ...(work.messages ? { messages: work.messages } : { prompt: work.prompt! }),
    };
    const finished = await this.executor.execute(req, ctx, this.signals.abort);
    this.queue.push(() => finished.build());
    return finished.tEnd;
  }
}
