import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { packageRoot } from "../package-root.js";
import { RecordBuilder, type RecordContext } from "../records/build.js";
import type { RequestRecord } from "../records/record.js";
import type { WorkerSpec } from "../targets/target.js";
import type { Executor } from "./executor.js";
import type { FromWorker, TargetWorkerData, ToWorker } from "./target-worker.js";

/** An executor that also reports how busy its threads were. */
export interface ThreadedExecutor extends Executor {
  readonly threads: number;
  /** Resolves once every worker has loaded and can send (so startup never counts as schedule lag). */
  ready(): Promise<void>;
  /** Worst event-loop delay p50 and p99 (ms) over the live workers since the last call; null when none is alive. */
  workerLoopDelay(): Promise<{ p50: number; p99: number } | null>;
}

/**
 * Runs requests on `count` worker threads, each reopening the target from `spec` (its own event
 * loop and, over HTTP, its own connection pool), so SSE parsing and timestamping of many streams
 * is spread over cores. The main thread only schedules; a request goes to the worker with the
 * fewest in flight, and comes back as a finished record (one message per request, not per chunk).
 */
export function workerExecutor(count: number, spec: WorkerSpec): ThreadedExecutor {
  // Workers run compiled JavaScript, also when the caller runs from TypeScript sources (tests).
  const script = join(packageRoot(), "dist", "src", "runner", "target-worker.js");
  const data: TargetWorkerData = { spec, mainOrigin: performance.timeOrigin };
  const workers = Array.from({ length: count }, () => {
    const w = {
      worker: new Worker(script, { workerData: data }),
      inFlight: new Map<number, RecordContext>(),
      exited: false,
      closing: false,
      closed: (): void => {},
      started: (): void => {},
      ready: Promise.resolve(),
    };
    w.ready = new Promise<void>((resolve, reject) => {
      w.started = resolve;
      w.worker.once("error", reject);
      w.worker.once("exit", (code) =>
        reject(new Error(`infermark: an HTTP worker thread exited (code ${code}) before it was ready`)),
      );
    });
    w.worker.once("exit", (code) => {
      w.exited = true;
      // A worker that dies mid-run takes its requests with it: each becomes a failed record, so
      // the run ends with every request accounted for instead of waiting for answers forever.
      if (!w.closing)
        for (const [id, ctx] of w.inFlight)
          lost(id, ctx, `the worker thread running this request exited (code ${code})`);
      w.closed();
    });
    return w;
  });
  const pending = new Map<number, (r: RequestRecord) => void>();
  const lost = (id: number, ctx: RecordContext, why: string): void => {
    const b = new RecordBuilder(ctx);
    b.emit({ type: "error", t: performance.now(), kind: "connection_error", message: why });
    pending.get(id)?.(b.build());
    pending.delete(id);
  };
  let healthWaiters: Array<(delay: { p50: number; p99: number }) => void> = [];
  let seq = 0;
  for (const w of workers) {
    w.worker.on("message", (m: FromWorker) => {
      if (m.type === "ready") {
        w.started();
      } else if (m.type === "record") {
        w.inFlight.delete(m.seq);
        pending.get(m.seq)?.(m.record);
        pending.delete(m.seq);
      } else if (m.type === "health") {
        healthWaiters.shift()?.({ p50: m.p50, p99: m.p99 });
      } else {
        w.closed();
      }
    });
    // Workers stay referenced: while the run awaits their readiness nothing else keeps the event
    // loop alive, and an unreferenced worker let Node exit mid-await (exit code 13). close() ends them.
  }
  const post = (w: (typeof workers)[number], m: ToWorker): void => w.worker.postMessage(m);

  return {
    threads: count,
    ready: async () => {
      await Promise.all(workers.map((w) => w.ready));
    },
    execute(req, ctx, abort) {
      const id = seq++;
      const live = workers.filter((x) => !x.exited);
      if (live.length === 0) {
        return new Promise((resolve) => {
          pending.set(id, (record) => resolve({ tEnd: ctx.t0 + record.t_end, build: () => record }));
          lost(id, ctx, "every worker thread has exited; nothing could send this request");
        });
      }
      const w = live.reduce((a, b) => (b.inFlight.size < a.inFlight.size ? b : a));
      w.inFlight.set(id, ctx);
      const onAbort = (): void => post(w, { type: "abort" });
      abort.addEventListener("abort", onAbort, { once: true });
      return new Promise((resolve) => {
        pending.set(id, (record) => {
          abort.removeEventListener("abort", onAbort);
          resolve({ tEnd: ctx.t0 + record.t_end, build: () => record });
        });
        post(w, { type: "send", seq: id, req, ctx });
      });
    },
    async workerLoopDelay() {
      const live = workers.filter((w) => !w.exited);
      if (live.length === 0) return null;
      const answers = await Promise.all(
        live.map(
          (w) =>
            new Promise<{ p50: number; p99: number }>((resolve) => {
              healthWaiters.push(resolve);
              post(w, { type: "health" });
            }),
        ),
      );
      return { p50: Math.max(...answers.map((a) => a.p50)), p99: Math.max(...answers.map((a) => a.p99)) };
    },
    async close() {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve) => {
              if (w.exited) return resolve();
              w.closing = true;
              w.closed = resolve;
              post(w, { type: "close" });
            }),
        ),
      );
      await Promise.all(workers.map((w) => w.worker.terminate()));
      healthWaiters = [];
    },
  };
}
