import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnMockServer, type SpawnedMockServer } from "../../src/mock/spawn.js";
import { benchHttp } from "../helpers/bench-run.js";

describe("worker threads", () => {
  let server: SpawnedMockServer;
  beforeAll(async () => {
    server = await spawnMockServer(["--ttft", "150", "--itl", "10"]);
  });
  afterAll(() => server.close());

  it("run requests on 2 threads with times on the main clock: TTFT 150 ms, TPOT 10 ms, no negative lag", async () => {
    const { summary, records } = await benchHttp(server.url, { kind: "levels", loads: [{ mode: "concurrency", value: 8 }] }, { requests: 32, warmup: 16, outputTokens: 30, workers: 2 });
    const l = summary.levels[0]!;
    expect(l.requests).toMatchObject({ sent: 32, completed: 32 });
    expect(Math.abs(l.latency_ms.ttft.p50! - 150)).toBeLessThan(5);
    expect(Math.abs(l.latency_ms.tpot.p50! - 10)).toBeLessThan(0.5);
    // A clock shift gone wrong would put sends before their intended time or far after it.
    for (const r of records) {
      expect(r.t_sent - r.t_intended).toBeGreaterThanOrEqual(-0.01);
      expect(r.t_sent - r.t_intended).toBeLessThan(50);
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
    const { summary, records } = await benchHttp(server.url, { kind: "levels", loads: [{ mode: "concurrency", value: 2 }] }, { requests: 8, outputTokens: 20 });
    expect(records.every((r) => r.server_timing !== null && r.server_timing !== undefined)).toBe(true);
    const s = summary.levels[0]!.server!;
    // The mock's own timing: 50 ms to the first token, 19 gaps of 10 ms.
    expect(Math.abs(s.timings!.prompt_ms_mean - 50)).toBeLessThan(3);
    expect(Math.abs(s.timings!.predicted_ms_mean - 190)).toBeLessThan(5);
    const p = s.prometheus!;
    expect(p.engine).toBe("vllm");
    expect(p.requests).toBe(8);
    // Service ≈ 240 ms; 7 of 8 requests wait about one service for the slot.
    expect(p.queue_time_ms_mean!).toBeGreaterThan(0.7 * (7 / 8) * 240);
    expect(p.queue_time_ms_mean!).toBeLessThan(1.3 * (7 / 8) * 240);
    const split = s.split_ms!;
    expect(split.source).toBe("timings");
    expect(split.server).toBeCloseTo(s.timings!.prompt_ms_mean + s.timings!.predicted_ms_mean, 9);
    // What the server did not spend computing is its queue (plus loopback network): about one service time.
    expect(split.network_and_queue).toBeGreaterThan(150);
  });
});
