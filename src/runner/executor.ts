import { RecordBuilder, type RecordContext } from "../records/build.js";
import type { RequestRecord } from "../records/record.js";
import type { Target } from "../targets/target.js";
import type { GenerationRequest } from "../records/protocol.js";

/** A request that is over: when it ended, and how to finish its record. */
export interface Finished {
  /** Raw performance.now() of the stream's end (or failure): a closed loop's next request is due then. */
  tEnd: number;
  /** Builds the record; deferred so the caller can do it off the streaming hot path. */
  build(): RequestRecord;
}

/** Sends one request and resolves, when it is over, with its end time and its record to finish. */
export interface Executor {
  execute(req: GenerationRequest, ctx: RecordContext, abort: AbortSignal): Promise<Finished>;
  close(): Promise<void>;
}

/** Runs requests on this thread's event loop, straight through the target. */
export function inProcessExecutor(target: Target): Executor {
  return {
    async execute(req, ctx, abort) {
      const builder = new RecordBuilder(ctx);
      await target.send(req, builder.emit, abort);
      return { tEnd: builder.endedAt, build: () => builder.build() };
    },
    close: () => Promise.resolve(),
  };
}
