import { RecordBuilder, type RecordContext } from "../records/build.js";
import type { RequestRecord } from "../records/record.js";
import type { GenerationRequest, Target } from "../targets/target.js";

/**
 * Sends one request and resolves, when it is over, with a function that finishes its record.
 * Finishing is deferred so the caller can build records off the streaming hot path.
 */
export interface Executor {
  execute(req: GenerationRequest, ctx: RecordContext, abort: AbortSignal): Promise<() => RequestRecord>;
  close(): Promise<void>;
}

/** Runs requests on this thread's event loop, straight through the target. */
export function inProcessExecutor(target: Target): Executor {
  return {
    async execute(req, ctx, abort) {
      const builder = new RecordBuilder(ctx);
      await target.send(req, builder.emit, abort);
      return () => builder.build();
    },
    close: () => Promise.resolve(),
  };
}
