import { describe, expect, it } from "vitest";
import type { ClientHealth } from "../../src/standards/efficiency/client-health.js";
import { VALIDITY_CHECKS } from "../../src/standards/efficiency/validity.js";

/** A closed-loop level whose client thread was busy (loop delay p50 5 ms > the 1.5 ms limit). */
function facts(client: Partial<ClientHealth>) {
  const health: ClientHealth = {
    level: 0,
    event_loop_delay_ms: { p50: 5, p99: 8, max: 9 },
    worker_loop_delay_p99_ms: null,
    cpu_cores: 0.1,
    threads: 1,
    ...client,
  };
  return {
    load: { mode: "concurrency", value: 8 },
    latency: { schedule_lag: { p99: 0 }, ttft: { n: 5000 } },
    pacing: { p99: null },
    client: health,
  };
}

const advice = (client: Partial<ClientHealth>): string | null => {
  const check = VALIDITY_CHECKS.find((c) => c.name === "client_limited")!;
  const f = facts(client) as unknown as Parameters<typeof check.warn>[0];
  return check.warn(f, {
    clientReasons: ["event-loop delay p50 5.0 ms > 1.5 ms"],
    clientLimited: true,
    capLimited: false,
    saturated: false,
  });
};

describe("client-limited advice fits the target's capabilities", () => {
  it("an HTTP target (runs on worker threads) is told to try more --workers", () => {
    expect(advice({})).toMatch(/try --workers 2, a lighter load, or a client on another machine/);
  });

  it("a target that cannot run on worker threads is never told --workers", () => {
    const a = advice({ workers_apply: false });
    expect(a).toMatch(/^client-limited: .*try a lighter load or a client on another machine$/);
    expect(a).not.toMatch(/--workers/);
  });

  it("the embedded engine, computing in this process, is told only to lighten the load", () => {
    const a = advice({ cpu_is_client: false, workers_apply: false });
    expect(a).toMatch(/try a lighter load \(--concurrency\/--parallel\)$/);
    expect(a).not.toMatch(/--workers/);
  });
});
