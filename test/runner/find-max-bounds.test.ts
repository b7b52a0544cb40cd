import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnMockServer, type SpawnedMockServer } from "../../src/mock/spawn.js";
import { renderBenchSummary } from "../../src/report/bench-table.js";
import { parseSlo } from "../../src/standards/efficiency/slo.js";
import { benchHttp } from "../helpers/bench-run.js";

// 2 slots × (50 ms to the first token + 15 gaps of 10 ms) = 0.2 s per request: at most 10 req/s sustained.
const SUSTAINABLE = 2 / 0.2;

describe("--find-max never credits a server with a rate it did not serve", () => {
  let slotted: SpawnedMockServer;
  let open: SpawnedMockServer;
  beforeAll(async () => {
    [slotted, open] = await Promise.all([
      spawnMockServer(["--ttft", "50", "--itl", "10", "--slots", "2"]),
      spawnMockServer(["--ttft", "20", "--itl", "2"]),
    ]);
  });
  afterAll(async () => {
    await Promise.all([slotted?.close(), open?.close()]);
  });

  it("with a lenient TTFT limit and short probes, reports a capacity at or below the sustainable rate", async () => {
    // 20 requests per probe: even at 8× the sustainable rate the last one waits < 2 s for its first
    // token, so ttft.p95<3000 holds at every rate; only the served rate shows the server fell behind.
    const slo = parseSlo("ttft.p95<3000");
    const { summary } = await benchHttp(
      slotted.url,
      { kind: "find-max", metric: "rate", maxConcurrency: 64, repeats: 1, precision: 0.2, maxProbes: 7, margin: 0.02 },
      { requests: 20, outputTokens: 16, slo, arrival: "constant" },
    );
    const cap = summary.capacity!;
    // A server finishing n requests from idle can beat its sustained rate by one slot's head start: n/(n−1).
    expect(cap.value).toBeLessThanOrEqual(SUSTAINABLE * (20 / 19));
    expect(cap.value).toBeGreaterThan(0);
    expect(cap.upper_bound_found).toBe(true);
    // Each probe's verdict follows the achieved-rate floor's definition (capacity.ts sustainedFloor):
    // n arrivals over n/offered seconds, allowing z/√n = 2/√20 (45%) of Poisson noise, plus one
    // median E2E. Where that floor is above anything the server can serve, the probe must fail;
    // below it, a 20-request probe may rightly pass even at 1.2–1.5× the sustainable rate (one at
    // 14.7 req/s achieved 9.6 and passed on this machine) — its achieved rate is what counts.
    expect(cap.probes).toHaveLength(summary.levels.length - 1);
    cap.probes.forEach((p, i) => {
      const l = summary.levels[i + 1]!;
      expect(l.load.value).toBe(p.value);
      const n = l.requests.sent + l.requests.dropped;
      const floor = n / ((n / p.value) * (1 + 2 / Math.sqrt(n)) + l.latency_ms.e2e.p50! / 1000);
      expect(p.achieved).toBe(l.achieved_rate);
      if (p.achieved < floor) expect(p.why.join("; ")).toMatch(/achieved/);
      if (l.validity.saturated) expect(p.why).toContain("saturated");
      if (floor > SUSTAINABLE * (20 / 19)) expect(p.met).toBe(false);
      expect(p.met).toBe(p.why.length === 0);
    });
    // No passing probe is credited with more than the server served.
    for (const p of cap.probes.filter((q) => q.met))
      expect(Math.min(p.value, p.achieved)).toBeLessThanOrEqual(SUSTAINABLE * (20 / 19));
    // The capacity is the highest passing probe below the lowest failing one, capped at what that probe achieved.
    const best = cap.probes.find((p) => p.met && p.value === cap.bracket[0]);
    expect(best).toBeDefined();
    expect(
      cap.probes.some((p) => p.met && p.value > best!.value && (cap.bracket[1] === null || p.value < cap.bracket[1])),
    ).toBe(false);
    expect(cap.value).toBe(Math.min(best!.value, best!.achieved));
  }, 120_000);

  it("says 'no upper bound found' when no probe failed", async () => {
    const slo = parseSlo("ttft.p95<3000");
    const { summary } = await benchHttp(
      open.url,
      {
        kind: "find-max",
        metric: "concurrency",
        maxConcurrency: 4,
        repeats: 1,
        precision: 0.1,
        maxProbes: 5,
        margin: 0.02,
      },
      { requests: 8, outputTokens: 4, slo },
    );
    const cap = summary.capacity!;
    expect(cap.probes.map((p) => [p.value, p.met])).toEqual([
      [1, true],
      [2, true],
      [4, true],
    ]);
    expect(cap).toMatchObject({ value: 4, bracket: [4, null], upper_bound_found: false });
    expect(renderBenchSummary(summary)).toMatch(
      /capacity: at least 4\.00 in flight meets ttft\.p95<3000 \(no upper bound found: every one of the 3 values probed met it\)/,
    );
  }, 60_000);
});
