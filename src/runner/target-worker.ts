// Worker-thread entry: reopens the target from its worker spec, runs requests on its own event loop and posts back finished records.
import { setMaxListeners } from "node:events";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { RecordBuilder, type RecordContext } from "../records/build.js";
import { LOOP_RESOLUTION_MS, loopDelayMs } from "./level-monitor.js";
import { reopenTarget } from "../targets/open-target.js";
import type { WorkerSpec } from "../targets/target.js";
import type { GenerationRequest } from "../records/protocol.js";

/** What the main thread hands a worker when it starts it. */
export interface TargetWorkerData {
  /** The target to reopen here (Target.workerSpec). */
  spec: WorkerSpec;
  /** The main thread's performance.timeOrigin: times are shifted onto its clock. */
  mainOrigin: number;
}

/** Messages from the main thread. */
export type ToWorker =
  | { type: "send"; seq: number; req: GenerationRequest; ctx: RecordContext }
  | { type: "abort" }
  | { type: "health" }
  | { type: "close" };
/** Messages to the main thread. */
export type FromWorker =
  | { type: "ready" }
  | { type: "record"; seq: number; record: ReturnType<RecordBuilder["build"]> }
  | { type: "health"; p50: number; p99: number }
  | { type: "closed" };

const data = workerData as TargetWorkerData;
if (!parentPort) throw new Error("infermark: target-worker.js runs only as a worker thread");
const port: MessagePort = parentPort;
const target = await reopenTarget(data.spec);
// Both clocks count from their own origin; this puts worker readings on the main thread's clock.
const shift = performance.timeOrigin - data.mainOrigin;
let abort = new AbortController();
// Every request in flight on this thread listens on the one abort signal: many listeners are expected.
setMaxListeners(0, abort.signal);
const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
loop.enable();

async function send(seq: number, req: GenerationRequest, ctx: RecordContext): Promise<void> {
  // The context's times move onto this thread's clock instead of every event's: records hold
  // times relative to t0, so they come out the same, with no work per streamed chunk.
  const builder = new RecordBuilder({
    ...ctx,
    t0: ctx.t0 - shift,
    tIntended: ctx.tIntended - shift,
    tReleased: ctx.tReleased - shift,
  });
  await target.send(req, builder.emit, abort.signal);
  const record = builder.build();
  port.postMessage({ type: "record", seq, record } satisfies FromWorker);
}

port.on("message", (m: ToWorker) => {
  switch (m.type) {
    case "send":
      void send(m.seq, m.req, m.ctx);
      break;
    case "abort":
      abort.abort();
      abort = new AbortController();
      setMaxListeners(0, abort.signal);
      break;
    case "health":
      port.postMessage({
        type: "health",
        p50: loopDelayMs(loop.percentile(50)),
        p99: loopDelayMs(loop.percentile(99)),
      } satisfies FromWorker);
      loop.reset();
      break;
    case "close":
      loop.disable();
      void target.close().then(() => port.postMessage({ type: "closed" } satisfies FromWorker));
      break;
  }
});
port.postMessage({ type: "ready" } satisfies FromWorker);
