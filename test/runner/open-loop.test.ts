import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnMockServer, type SpawnedMockServer } from "../../src/mock/spawn.js";
import type { RequestRecord } from "../../src/records/record.js";
import type { LevelSummary } from "../../src/standards/efficiency/summarize.js";
import { distribution } from "../../src/stats/distribution.js";
import { benchHttp } from "../helpers/bench-run.js";
import { bothEnds, median } from "../helpers/mock-log.js";

// Service time ~0.6 s: first token after 100 ms, then 50 more tokens 10 ms apart (51 tokens).
const SERVICE = ["--ttft", "100", "--itl", "10"];
const rate = (value: number, maxConcurrency: number | null = null) => ({
  kind: "levels" as const,
  loads: [{ mode: "rate" as const, value, arrival: "poisson", max_concurrency: maxConcurrency }],
});

/**
 * `client_limited` by its documented evidence (docs/load.md, "Client health"), for one request
 * thread (the main thread stamps): loop delay p50 > 1.5 ms or p99 > 10 ms, client-caused schedule
 * lag p99 > 10 ms (when all the lag is the client's), pacing p99 > 10 ms, CPU > 0.3 cores. A busy
 * machine may make any of these true; the verdict must then say so, and only then.
 */
function clientLimitedByDefinition(l: LevelSummary, lagIsClients: boolean): boolean {
  const c = l.client!;
  expect(c.threads).toBe(1);
  return (
    c.event_loop_delay_ms.p50 > 1.5 ||
    c.event_loop_delay_ms.p99 > 10 ||
    (lagIsClients && (l.latency_ms.schedule_lag.p99 ?? 0) > 10) ||
    (l.pacing_ms.p99 ?? 0) > 10 ||
    (c.cpu_is_client !== false && c.cpu_cores > 0.3)
  );
}

function ttftBySend(records: RequestRecord[]): number[] {
  return records
    .filter((r) => r.phase === "measure" && r.error === null)
    .sort((a, b) => a.t_sent - b.t_sent)
    .map((r) => r.t_first! - r.t_sent);
}

describe("open-loop load (real SSE server in its own process)", () => {
  let unlimited: SpawnedMockServer;
  let twoSlots: SpawnedMockServer;
  beforeAll(async () => {
    [unlimited, twoSlots] = await Promise.all([
      spawnMockServer(SERVICE),
      spawnMockServer([...SERVICE, "--slots", "2"]),
    ]);
  });
  afterAll(async () => {
    await Promise.all([unlimited.close(), twoSlots.close()]);
  });

  it("10 req/s under --max-concurrency 2: large schedule lag, response ≫ e2e, limited by the cap", async () => {
    const from = (await unlimited.log()).length;
    const { summary, records } = await benchHttp(unlimited.url, rate(10, 2), { requests: 30 });
    const l = summary.levels[0]!;
    expect(l.requests).toMatchObject({ sent: 30, completed: 30, dropped: 0 });
    // Two slots serve ~3.3 req/s: 30 arrivals over ~3 s wait up to ~6 s for a slot.
    expect(l.latency_ms.schedule_lag.p50!).toBeGreaterThan(1000);
    // E2E is the server's service (received → last chunk written, from its log) plus loopback:
    // the wait for a client slot is not in it.
    const pairs = bothEnds(records, (await unlimited.log()).slice(from));
    expect(pairs).toHaveLength(30);
    const overhead = pairs.map(({ r, e }) => r.t_last! - r.t_sent - (e.lastToken! - e.received));
    for (const o of overhead) expect(o).toBeGreaterThanOrEqual(-1);
    expect(median(overhead)).toBeLessThan(10);
    expect(l.latency_ms.response.p50!).toBeGreaterThan(3 * l.latency_ms.e2e.p50!);
    // cap_limited: ≥ 5% of arrivals sent > 10 ms late — unless the client itself was the limit
    // (a busy machine), which the verdict then names instead (summarize.ts: both exclusive).
    const cl = clientLimitedByDefinition(l, false);
    expect(l.validity.client_limited).toBe(cl);
    expect(l.requests.late / 30).toBeGreaterThanOrEqual(0.05);
    expect(l.validity).toMatchObject({ cap_limited: !cl, saturated: false });
    // Arrivals released on time, or the late release is flagged (pacing p99 > 10 ms is client-limited evidence).
    expect(l.pacing_ms.p99! <= 10 || l.validity.client_limited).toBe(true);
  });

  it("10 req/s into a 2-slot server: TTFT grows with the queue, achieved ≈ capacity, saturated", async () => {
    const from = (await twoSlots.log()).length;
    const { summary, records } = await benchHttp(twoSlots.url, rate(10), { requests: 30 });
    const l = summary.levels[0]!;
    expect(l.requests.completed).toBe(30);
    const ttft = ttftBySend(records);
    expect(distribution(ttft.slice(-10)).p50! - distribution(ttft.slice(0, 10)).p50!).toBeGreaterThan(1500);
    // Capacity is 2 slots over the service time the server's log shows (admitted → last chunk;
    // ~0.6 s configured, longer on a busy machine, and the capacity with it).
    const log = (await twoSlots.log()).slice(from);
    expect(log).toHaveLength(30);
    const capacity = 2 / (median(log.map((e) => e.lastToken! - e.admitted!)) / 1000);
    expect(l.achieved_rate).toBeGreaterThan(0.85 * capacity);
    expect(l.achieved_rate).toBeLessThan(1.1 * capacity);
    expect(l.offered_rate).toBe(10);
    // Saturated, unless the client was the limit (then that is the verdict; the two are exclusive).
    const cl = clientLimitedByDefinition(l, true);
    expect(l.validity.client_limited).toBe(cl);
    expect(l.validity).toMatchObject({ saturated: !cl, cap_limited: false });
    // Nothing should queue on the client (the lag is on the server); any client lag past 10 ms is flagged.
    expect(l.latency_ms.schedule_lag.p99! <= 10 || l.validity.client_limited).toBe(true);
  });

  it("1 req/s into the same server: response ≈ e2e and no verdict", async () => {
    const { summary } = await benchHttp(twoSlots.url, rate(1), { requests: 10 });
    const l = summary.levels[0]!;
    expect(l.requests.completed).toBe(10);
    expect(Math.abs(l.latency_ms.response.p50! - l.latency_ms.e2e.p50!)).toBeLessThan(5);
    expect(l.validity).toMatchObject({ saturated: false, cap_limited: false });
    expect(l.validity.client_limited).toBe(clientLimitedByDefinition(l, true));
  });

  it("drops arrivals still waiting for a slot when a timed level ends, and counts them apart", async () => {
    const { summary, records } = await benchHttp(unlimited.url, rate(20, 1), { durationS: 1.5 });
    const l = summary.levels[0]!;
    const dropped = records.filter((r) => r.error?.kind === "dropped");
    expect(dropped.length).toBeGreaterThan(10);
    expect(l.requests.dropped).toBe(dropped.length);
    expect(l.requests.sent + l.requests.dropped).toBe(records.filter((r) => r.phase === "measure").length);
    // One slot for 1.5 s of arrivals at 0.6 s each: at most 3 start in the window, plus the one in flight at the end.
    expect(l.requests.sent).toBeLessThanOrEqual(4);
    expect(l.requests.failed).toBe(0);
  });
});
