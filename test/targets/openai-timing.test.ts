import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnMockServer, type SpawnedMockServer } from "../../src/mock/spawn.js";
import { OpenAITarget } from "../../src/targets/openai.js";
import { bothEnds, median } from "../helpers/mock-log.js";
import { runLevel } from "../helpers/run-level.js";

// The mock server runs in its own process, as a real server would, streaming real SSE over loopback,
// and logs when it received each request and when it wrote each token chunk. The client's times are
// checked against that log, not against the configured delays: a busy machine makes the server late
// too (and the log shows it), so it cannot fail these; a client that stamps the wrong chunk, or
// stamps late, is off by a whole TTFT or ITL, far outside a few milliseconds of loopback overhead.
// Output lengths spread ±5 tokens around 50 so the 8 streams do not all end (and re-send) at once.
describe("OpenAI target timings against the server's own log of what it sent", () => {
  let one: SpawnedMockServer;
  let two: SpawnedMockServer;
  beforeAll(async () => {
    [one, two] = await Promise.all([
      spawnMockServer(["--ttft", "150", "--itl", "10", "--tokens-per-chunk", "1"]),
      spawnMockServer(["--ttft", "150", "--itl", "10", "--tokens-per-chunk", "2"]),
    ]);
  });
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close()]);
  });

  it("TTFT, TPOT and ITL at concurrency 8, one token per chunk, match the server's send times", async () => {
    const target = new OpenAITarget({
      baseUrl: one.url,
      api: "chat",
      model: "mock-model",
      stream: true,
      timeoutMs: 30_000,
      connections: 8,
    });
    const { level, records } = await runLevel(target, {
      concurrency: 8,
      requests: 64,
      warmup: 24,
      outputTokens: 50,
      outputSd: 5,
    });
    await target.close();
    expect(level.requests).toEqual({ sent: 64, completed: 64, failed: 0, dropped: 0, late: 0, errors: {} });
    const pairs = bothEnds(
      records.filter((r) => r.phase === "measure"),
      await one.log(),
    );
    expect(pairs).toHaveLength(64);
    for (const { r, e, serverTtft, clientTtft } of pairs) {
      // Causality: the client cannot see the first token before the server wrote it (the mock
      // stamps just after its write; 1 ms covers that). Stamping t_first on the role-only chunk,
      // which the server writes on arrival, would put clientTtft ~150 ms below serverTtft.
      expect(clientTtft).toBeGreaterThanOrEqual(serverTtft - 1);
      expect(r.chunks).toHaveLength(e.chunkTimes.length);
      expect(r.tokens.output).toBe(e.tokens);
    }
    // Loopback overhead of a lightly loaded client: a few ms; a client error of one ITL (10 ms) shows.
    expect(median(pairs.map((p) => p.clientTtft - p.serverTtft))).toBeLessThan(8);
    // TPOT per request, client vs server: the first and last arrival jitter is spread over ~49 gaps.
    const tpotDiff = pairs.map(
      ({ r, e }) => (r.t_last! - r.t_first!) / (r.tokens.output - 1) - (e.lastToken! - e.firstToken!) / (e.tokens - 1),
    );
    expect(median(tpotDiff.map(Math.abs))).toBeLessThan(0.3);
    const serverGaps = pairs.flatMap(({ e }) => e.chunkTimes.slice(1).map((t, i) => t - e.chunkTimes[i]!));
    expect(Math.abs(level.latency_ms.itl.p50! - median(serverGaps))).toBeLessThan(0.5);
    expect(
      Math.abs(
        level.latency_ms.tpot.p50! - median(pairs.map(({ e }) => (e.lastToken! - e.firstToken!) / (e.tokens - 1))),
      ),
    ).toBeLessThan(0.5);
    expect(level.latency_ms.itl.n).toBe(level.tokens.output - 64);
    expect(level.tokens).toMatchObject({ output_source: "usage", mismatches: 0 });
    expect(level.validity.itl_estimated).toBe(false);
  });

  it("splits two-token chunks: ITL half the server's chunk gap, ICL the whole gap, flagged as estimated", async () => {
    const target = new OpenAITarget({
      baseUrl: two.url,
      api: "chat",
      model: "mock-model",
      stream: true,
      timeoutMs: 30_000,
      connections: 8,
    });
    const { level, records } = await runLevel(target, { concurrency: 8, requests: 16, warmup: 8, outputTokens: 50 });
    await target.close();
    expect(level.requests.completed).toBe(16);
    const measured = records.filter((r) => r.phase === "measure");
    const pairs = bothEnds(measured, await two.log());
    expect(pairs).toHaveLength(16);
    for (const { e, serverTtft, clientTtft } of pairs) {
      expect(clientTtft).toBeGreaterThanOrEqual(serverTtft - 1);
      expect(e.chunkTimes).toHaveLength(25); // 50 tokens, 2 per chunk
    }
    const chunkGap = median(pairs.flatMap(({ e }) => e.chunkTimes.slice(1).map((t, i) => t - e.chunkTimes[i]!)));
    expect(Math.abs(level.latency_ms.icl.p50! - chunkGap)).toBeLessThan(0.5);
    expect(Math.abs(level.latency_ms.itl.p50! - chunkGap / 2)).toBeLessThan(0.5);
    // TPOT = (t_last − t_first) / (N − n1) = 24 gaps over 48 tokens: half the chunk gap.
    expect(Math.abs(level.latency_ms.tpot.p50! - chunkGap / 2)).toBeLessThan(0.5);
    expect(level.validity.itl_estimated).toBe(true);
    expect(measured.every((r) => r.tokens.chunk_tokens === "usage_split" && r.chunks.every(([, k]) => k === 2))).toBe(
      true,
    );
    expect(level.tokens.mismatches).toBe(16); // usage says 50 tokens, 25 chunks arrived
  });
});
