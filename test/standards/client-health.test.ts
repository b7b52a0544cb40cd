import { describe, expect, it } from "vitest";
import { CLIENT_LIMITS, clientLimitReasons, type ClientHealth } from "../../src/standards/efficiency/client-health.js";

const healthy: ClientHealth = {
  level: 0,
  event_loop_delay_ms: { p50: 0.1, p99: 1, max: 3 },
  worker_loop_delay_p99_ms: null,
  worker_loop_delay_p50_ms: null,
  cpu_cores: 0.1,
  threads: 1,
};
const L = CLIENT_LIMITS;

describe("client_limited evidence", () => {
  it("stays quiet on a healthy client", () => {
    expect(clientLimitReasons({ health: healthy, clientLagP99: 0.5 })).toEqual([]);
  });

  it("fires on each kind of evidence past its limit, alone", () => {
    const cases: Array<[string, ClientHealth, number | null, RegExp]> = [
      [
        "stamp delay p50, one thread",
        { ...healthy, event_loop_delay_ms: { p50: L.stampDelayP50Ms + 0.5, p99: 2, max: 3 } },
        0,
        /^event-loop delay p50/,
      ],
      [
        "stamp delay p99, one thread",
        { ...healthy, event_loop_delay_ms: { p50: 0.1, p99: L.stampDelayP99Ms + 1, max: 30 } },
        0,
        /^event-loop delay p99/,
      ],
      [
        "worker delay p50",
        {
          ...healthy,
          threads: 2,
          worker_loop_delay_p50_ms: L.stampDelayP50Ms + 1,
          worker_loop_delay_p99_ms: 2,
          cpu_cores: 0.4,
        },
        0,
        /^worker event-loop delay p50/,
      ],
      [
        "worker delay p99",
        {
          ...healthy,
          threads: 2,
          worker_loop_delay_p50_ms: 0.1,
          worker_loop_delay_p99_ms: L.stampDelayP99Ms + 1,
          cpu_cores: 0.4,
        },
        0,
        /^worker event-loop delay p99/,
      ],
      [
        "main delay with workers",
        {
          ...healthy,
          threads: 2,
          worker_loop_delay_p50_ms: 0.1,
          worker_loop_delay_p99_ms: 1,
          event_loop_delay_ms: { p50: 0.1, p99: L.scheduleDelayP99Ms + 1, max: 40 },
          cpu_cores: 0.4,
        },
        0,
        /^main event-loop delay p99/,
      ],
      ["hand-off lag", healthy, L.lagP99Ms + 5, /^requests left late/],
      ["CPU near a core per thread", { ...healthy, cpu_cores: L.cpuPerThread + 0.05 }, 0, /^client CPU/],
    ];
    for (const [name, health, lag, re] of cases) {
      const reasons = clientLimitReasons({ health, clientLagP99: lag });
      expect(reasons, name).toHaveLength(1);
      expect(reasons[0], name).toMatch(re);
    }
  });

  it("judges the threads that stamp: with workers, a busy main loop below its own limit is not evidence", () => {
    const h: ClientHealth = {
      ...healthy,
      threads: 2,
      event_loop_delay_ms: { p50: 5, p99: L.scheduleDelayP99Ms - 1, max: 25 },
      worker_loop_delay_p50_ms: 0.2,
      worker_loop_delay_p99_ms: 2,
      cpu_cores: 0.5,
    };
    expect(clientLimitReasons({ health: h, clientLagP99: 1 })).toEqual([]);
  });

  it("holds a client whose server is on another machine to a CPU near a full core, not the shared-machine limit", () => {
    const busy = L.cpuPerThread + 0.2;
    expect(clientLimitReasons({ health: { ...healthy, cpu_cores: busy }, clientLagP99: 0 })[0]).toMatch(
      /^client CPU .* on the machine that also serves$/,
    );
    const remote: ClientHealth = { ...healthy, cpu_cores: busy, shares_machine: false };
    expect(clientLimitReasons({ health: remote, clientLagP99: 0 })).toEqual([]);
    const saturated: ClientHealth = { ...remote, cpu_cores: L.cpuPerThreadRemote + 0.05 };
    expect(clientLimitReasons({ health: saturated, clientLagP99: 0 })).toEqual([
      `client CPU ${saturated.cpu_cores.toFixed(2)} cores for 1 request thread(s) > ${L.cpuPerThreadRemote.toFixed(2)}`,
    ]);
    // Two threads get twice the allowance.
    expect(clientLimitReasons({ health: { ...saturated, threads: 2 }, clientLagP99: 0 })).toEqual([]);
  });

  it("does not count the embedded engine's CPU as the client's", () => {
    const engine: ClientHealth = { ...healthy, cpu_cores: 1.0, cpu_is_client: false };
    expect(clientLimitReasons({ health: engine, clientLagP99: 0 })).toEqual([]);
    expect(clientLimitReasons({ health: { ...engine, cpu_is_client: true }, clientLagP99: 0 })).toHaveLength(1);
  });

  it("ignores lag it cannot pin on the client (null: arrivals waited for a cap slot by design)", () => {
    expect(clientLimitReasons({ health: healthy, clientLagP99: null })).toEqual([]);
  });
});
