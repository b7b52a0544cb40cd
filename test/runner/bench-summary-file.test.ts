import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnMockServer, type SpawnedMockServer } from "../../src/mock/spawn.js";
import { summarizeRecordsFile } from "../../src/runner/bench-summary-file.js";
import type { LevelLine } from "../../src/standards/efficiency/level-line.js";
import { parseSlo } from "../../src/standards/efficiency/slo.js";
import { benchHttp } from "../helpers/bench-run.js";

describe("the summary a run writes while it goes equals the one streamed from its records file", () => {
  let server: SpawnedMockServer;
  beforeAll(async () => {
    // Every 7th request fails, so failures, goodput misses and an SLO all show.
    server = await spawnMockServer(["--ttft", "5", "--itl", "1", "--tokens-per-chunk", "2", "--fail-500-every", "7"]);
  });
  afterAll(async () => {
    await server.close();
  });

  it("rate and concurrency levels with an SLO, warmup records included", async () => {
    const slo = parseSlo("ttft.p95<200,itl.p50<50");
    const schedule = {
      kind: "levels" as const,
      loads: [
        { mode: "concurrency" as const, value: 3 },
        { mode: "rate" as const, value: 40, arrival: "poisson", max_concurrency: 4 },
      ],
    };
    const result = await benchHttp(server.url, schedule, { requests: 40, warmup: 3, outputTokens: 6, slo });
    const dir = result.outDir;
    const lines = readFileSync(join(dir, "levels.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as LevelLine);
    const run = JSON.parse(readFileSync(join(dir, "run.json"), "utf8")) as {
      target: Record<string, unknown>;
      schedule: never;
      level: never;
    };
    const streamed = summarizeRecordsFile(join(dir, "records.jsonl"), {
      target: run.target,
      lines,
      slo,
      plan: { schedule: run.schedule, level: run.level },
    });
    expect(JSON.stringify(streamed.summary, null, 2)).toBe(JSON.stringify(result.summary, null, 2));
    expect(readFileSync(join(dir, "summary.json"), "utf8")).toBe(JSON.stringify(streamed.summary, null, 2) + "\n");
    expect(streamed.records).toBe(86); // 2 levels × (3 warmup + 40 measured)
    expect(result.recordCount).toBe(86);
    expect(result.records).toHaveLength(86); // read from disk on demand
    expect(result.summary.levels).toHaveLength(2);
    expect(result.summary.levels.reduce((a, l) => a + l.requests.failed, 0)).toBeGreaterThan(0);
    expect(streamed.promptLengths).toEqual(result.promptLengths);
  });
});
