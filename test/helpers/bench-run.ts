import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bench, type BenchOptions, type BenchResult, type Schedule } from "../../src/runner/bench-session.js";
import type { SloTerm } from "../../src/standards/efficiency/slo.js";

/** Runs `bench()` against an HTTP target with synthetic prompts and the given schedule; every option has a test-sized default. */
export function benchHttp(
  url: string,
  schedule: Schedule,
  o: {
    requests?: number;
    warmup?: number;
    inputTokens?: number;
    outputTokens?: number;
    maxConcurrency?: number | null;
    arrival?: string;
    slo?: SloTerm[];
    workers?: number;
    seed?: number;
    durationS?: number;
    initialRequest?: boolean;
  } = {},
): Promise<BenchResult> {
  const opts: BenchOptions = {
    target: {
      target: url,
      api: "chat",
      stream: true,
      timeoutMs: 60_000,
      connections: 64,
      threads: 1,
      parallel: 1,
      ctxSize: 512,
    },
    workload: {
      seed: 0,
      input: { mean: o.inputTokens ?? 16, sd: 0 },
      output: { mean: o.outputTokens ?? 51, sd: 0 },
      sharedPrefix: 0,
    },
    schedule,
    level: {
      spans: {
        warmup: { requests: o.warmup ?? 0 },
        measure: o.durationS ? { seconds: o.durationS } : { requests: o.requests ?? 30 },
        cooldown: { requests: 0 },
      },
      seed: o.seed ?? 1,
      rampUpS: 0,
      arrival: o.arrival ?? "poisson",
      maxConcurrency: o.maxConcurrency ?? null,
    },
    ignoreEos: false,
    // Off unless asked: these tests count the mock server's requests (failure injection is by request number).
    initialRequest: o.initialRequest ?? false,
    params: {},
    slo: o.slo ?? [],
    workers: o.workers ?? 1,
    outDir: join(mkdtempSync(join(tmpdir(), "infermark-test-")), "run"),
    command: ["test"],
  };
  return bench(opts);
}
