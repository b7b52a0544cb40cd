import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnMockServer, type SpawnedMockServer } from "../../src/mock/spawn.js";
import { benchHttp } from "../helpers/bench-run.js";
import { bothEnds, median } from "../helpers/mock-log.js";

describe("worker threads", () => {
  let server: SpawnedMockServer;
  beforeAll(async () => {
    server = await spawnMockServer(["--ttft", "150", "--itl", "10"]);
  });
  afterAll(() => server.close());

  it("run requests on 2 threads with times on the main clock: TTFT and TPOT as the server sent them, no negative lag", async () => {
    const { summary, records } = await benchHttp(
      server.url,
      { kind: "levels", loads: [{ mode: "concurrency", value: 8 }] },
      { requests: 32, warmup: 16, outputTokens: 30, workers: 2 },
    );
    const l = summary.levels[0]!;
    expect(l.requests).toMatchObject({ sent: 32, completed: 32 });
    // Against the server's own log (received, first and last chunk written), not its configured
    // delays: a worker's clock shift gone wrong moves every client time by the shift, far beyond
    // the loopback overhead, and no server lateness on a busy machine can cause that.
    const pairs = bothEnds(records, await server.log());
    expect(pairs).toHaveLength(48);
    for (const p of pairs) expect(p.clientTtft).toBeGreaterThanOrEqual(p.serverTtft - 1);
    expect(median(pairs.map((p) => p.clientTtft - p.serverTtft))).toBeLessThan(8);
    const serverTpot = median(
      pairs.filter((p) => p.r.phase === "measure").map(({ e }) => (e.lastToken! - e.firstToken!) / (e.tokens - 1)),
    );
    expect(Math.abs(l.latency_ms.tpot.p50! - serverTpot)).toBeLessThan(0.5);
    // A clock shift gone wrong would put sends before their intended time or far after it.
    for (const r of records) {
      expect(r.t_sent - r.t_intended).toBeGreaterThanOrEqual(-0.01);
      // Only a sanity bound: a busy machine delays sends (64 ms was seen at load 13); a shift is caught above.
      expect(r.t_sent - r.t_intended).toBeLessThan(1000);
    }
    expect(l.client!.threads).toBe(2);
    expect(l.client!.worker_loop_delay_p99_ms).toBeTypeOf("number");
    // Records come back whole: ids unique, every record of the run is on disk.
    expect(new Set(records.map((r) => r.id)).size).toBe(48);
  });
});

describe("server-side signals", () => {
  let server: SpawnedMockServer;
  beforeAll(async () => {
    // One slot, two clients: every request but the first waits about one service time in the server's queue.
    server = await spawnMockServer(["--ttft", "50", "--itl", "10", "--slots", "1", "--timings"]);
  });
  afterAll(() => server.close());

  it("reads llama.cpp timings per request and vLLM /metrics per level, and splits latency", async () => {
    const { summary, records } = await benchHttp(
      server.url,
      { kind: "levels", loads: [{ mode: "concurrency", value: 2 }] },
      { requests: 8, outputTokens: 20 },
    );
    expect(records.every((r) => r.server_timing !== null && r.server_timing !== undefined)).toBe(true);
    const s = summary.levels[0]!.server!;
    // The level's means are the means of what the server reported per request (its `timings`).
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(s.timings!.prompt_ms_mean).toBeCloseTo(mean(records.map((r) => r.server_timing!.prompt_ms!)), 9);
    expect(s.timings!.predicted_ms_mean).toBeCloseTo(mean(records.map((r) => r.server_timing!.predicted_ms!)), 9);
    // And what it reported is what its log shows it did: first to last chunk written, per request.
    const log = new Map((await server.log()).map((e) => [e.id.slice(e.id.lastIndexOf("-") + 1), e]));
    for (const r of records) {
      const e = log.get(String(r.id))!;
      expect(r.server_timing!.predicted_ms).toBeCloseTo(e.lastToken! - e.firstToken!, 6);
      expect(r.server_timing!.predicted_n).toBe(20);
      // From admission (a free slot) to the first chunk: never more than from arrival.
      expect(r.server_timing!.prompt_ms!).toBeLessThanOrEqual(e.firstToken! - e.received + 1e-6);
      expect(r.server_timing!.prompt_ms!).toBeGreaterThan(0);
    }
    const p = s.prometheus!;
    expect(p.engine).toBe("vllm");
    expect(p.requests).toBe(8);
    // The scraped queue time is the server's own: the mean of (admitted − received) over its log
    // (vLLM exposes seconds; the summary reads them as ms). One slot, two clients: all but the
    // first request waited for the slot, so the mean is well above zero.
    const entries = await server.log();
    const queued = entries.map((e) => e.admitted! - e.received);
    expect(p.queue_time_ms_mean!).toBeCloseTo(queued.reduce((a, b) => a + b, 0) / queued.length, 3);
    expect(queued.filter((q) => q > 0)).toHaveLength(7);
    const split = s.split_ms!;
    expect(split.source).toBe("timings");
    expect(split.server).toBeCloseTo(s.timings!.prompt_ms_mean + s.timings!.predicted_ms_mean, 9);
    // What the server did not spend computing is its queue (plus loopback network): about one service time.
    expect(split.network_and_queue).toBeGreaterThan(150);
  });
});
