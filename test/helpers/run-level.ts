import type { RequestRecord } from "../../src/records/record.js";
import { runBench } from "../../src/runner/bench.js";
import { summarizeBench, type LevelSummary } from "../../src/standards/efficiency/summarize.js";
import type { Target } from "../../src/targets/target.js";
import { syntheticWorkload } from "../../src/workloads/synthetic.js";

/** Runs one closed-loop level through the real runner and returns its records and summary. */
export async function runLevel(
  target: Target,
  opts: { concurrency: number; requests: number; warmup?: number; outputTokens: number; outputSd?: number; inputTokens?: number },
): Promise<{ records: RequestRecord[]; level: LevelSummary }> {
  const never = new AbortController().signal;
  const records = await runBench(
    target,
    {
      levels: [{ mode: "concurrency", value: opts.concurrency }],
      requestsPerLevel: opts.requests,
      warmup: opts.warmup ?? 0,
      workload: syntheticWorkload({ seed: 0, input: { mean: opts.inputTokens ?? 32, sd: 0 }, output: { mean: opts.outputTokens, sd: opts.outputSd ?? 0 }, sharedPrefix: 0 }),
      ignoreEos: false,
      params: {},
    },
    {},
    { stop: never, abort: never },
    performance.now(),
  );
  return { records, level: summarizeBench(target.info, records).levels[0]! };
}
