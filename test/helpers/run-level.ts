import type { RequestRecord } from "../../src/records/record.js";
import { RequestRunner } from "../../src/runner/request-runner.js";
import { inProcessExecutor } from "../../src/runner/executor.js";
import { summarizeBench, type LevelSummary } from "../../src/standards/efficiency/summarize.js";
import type { Target } from "../../src/targets/target.js";
import { syntheticWorkload } from "../../src/workloads/synthetic.js";

/** Runs one closed-loop level through the real runner and returns its records and summary. */
export async function runLevel(
  target: Target,
  opts: {
    concurrency: number;
    requests: number;
    warmup?: number;
    outputTokens: number;
    outputSd?: number;
    inputTokens?: number;
  },
): Promise<{ records: RequestRecord[]; level: LevelSummary }> {
  const never = new AbortController().signal;
  const runner = new RequestRunner(
    inProcessExecutor(target),
    {
      workload: syntheticWorkload({
        seed: 0,
        input: { mean: opts.inputTokens ?? 32, sd: 0 },
        output: { mean: opts.outputTokens, sd: opts.outputSd ?? 0 },
        sharedPrefix: 0,
      }),
      ignoreEos: false,
      params: {},
    },
    {},
    { stop: never, abort: never },
    performance.now(),
  );
  const records = await runner.level({
    load: { mode: "concurrency", value: opts.concurrency },
    spans: { warmup: { requests: opts.warmup ?? 0 }, measure: { requests: opts.requests }, cooldown: { requests: 0 } },
    seed: 0,
    rampUpS: 0,
  });
  return { records, level: summarizeBench(target.info, records).levels[0]! };
}
