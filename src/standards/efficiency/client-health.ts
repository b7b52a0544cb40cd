/** How busy the client itself was during one level: the evidence for a `client_limited` verdict. */
export interface ClientHealth {
  level: number;
  /** Event-loop delay of the thread that schedules requests (perf_hooks.monitorEventLoopDelay). */
  event_loop_delay_ms: { p50: number; p99: number; max: number };
  /** Worst event-loop delay p99 over the worker threads, when requests ran in workers. */
  worker_loop_delay_p99_ms: number | null;
  /** Worst event-loop delay p50 over the worker threads (absent in runs from before it was kept). */
  worker_loop_delay_p50_ms?: number | null;
  /** Process CPU time over wall time: 1.0 is one core kept busy. */
  cpu_cores: number;
  /** Threads that ran requests (1: the main thread only). */
  threads: number;
  /**
   * False when the target computes inside this process (the embedded engine): process CPU is then
   * mostly the engine's, so it says nothing about the client. Absent means true.
   */
  cpu_is_client?: boolean;
  /**
   * False when the target computes on another machine (its URL's host is not this one): the
   * client's CPU then takes nothing from it. Absent means true, the case the CPU limit was
   * calibrated on (and what runs from before it was kept are judged as).
   */
  shares_machine?: boolean;
  /**
   * False when more `--workers` are no remedy: the target cannot run on worker threads
   * (capabilities.workerThreads), or this machine has no core to spare for another thread
   * (cores − 1 ≤ threads; see autoWorkers). Absent means true.
   */
  workers_apply?: boolean;
}

/** What the verdict looks at: the threads' health, and how late requests left. */
export interface ClientEvidence {
  health: ClientHealth;
  /**
   * Schedule lag p99 (ms) where all of it is the client's own (closed loop, or open loop with no
   * concurrency cap, where waiting for a cap slot would be lag by design); null elsewhere.
   */
  clientLagP99: number | null;
}

/**
 * Limits past which the client is likely to push the TTFT error p50 past 5 ms, chosen from an
 * `infermark calibrate` grid on a 2-core machine shared with the server (bench/README.md: right on
 * 34 of 36 loads when chosen, on a busy machine; 29 of 36 on an idle one, where no limits on this
 * evidence did better than 31). There the error was mostly on the send side — the server read
 * requests late while the client took CPU from it — so client CPU is the main evidence at moderate
 * loads when the server shares the machine (see cpuPerThreadRemote for one that does not); the
 * stamping thread's loop delay takes over near saturation, and late requests are load the server
 * never saw, whatever their TTFT.
 */
export const CLIENT_LIMITS = {
  /** Event-loop delay p50 of the stamping thread (ms): a typical arrival waits about this long to be stamped. */
  stampDelayP50Ms: 1.5,
  /** Event-loop delay p99 of the stamping thread (ms). */
  stampDelayP99Ms: 10,
  /** Event-loop delay p99 of the scheduling thread when requests run on workers (ms). */
  scheduleDelayP99Ms: 20,
  /** Client-caused schedule lag p99 (ms): requests left this late after they were due. */
  lagP99Ms: 10,
  /** Process CPU per request thread (cores), when the target computes on this machine. */
  cpuPerThread: 0.3,
  /**
   * The same when the target is on another machine: there the client's CPU takes nothing from the
   * server, and only a thread near a full core delays its own stamps. Not calibrated (no remote
   * server is reachable from the development machine); the loop delay is the direct evidence there.
   */
  cpuPerThreadRemote: 0.8,
} as const;

/** Event-loop delay (ms) of the threads that stamp arrivals: the workers when there are any, else the main thread; null where not kept. */
export function stampingDelay(h: ClientHealth): { p50: number | null; p99: number | null } {
  return h.threads > 1
    ? { p50: h.worker_loop_delay_p50_ms ?? null, p99: h.worker_loop_delay_p99_ms }
    : { p50: h.event_loop_delay_ms.p50, p99: h.event_loop_delay_ms.p99 };
}

type Check = (e: ClientEvidence, l: typeof CLIENT_LIMITS) => string | null;

const ms = (x: number): string => `${x.toFixed(1)} ms`;

/** One entry per kind of evidence; each returns why it fired, or null. */
const CHECKS: Check[] = [
  ({ health: h }, l) => {
    const { p50 } = stampingDelay(h);
    return p50 !== null && p50 > l.stampDelayP50Ms
      ? `${h.threads > 1 ? "worker " : ""}event-loop delay p50 ${ms(p50)} > ${ms(l.stampDelayP50Ms)}`
      : null;
  },
  ({ health: h }, l) => {
    const { p99 } = stampingDelay(h);
    return p99 !== null && p99 > l.stampDelayP99Ms
      ? `${h.threads > 1 ? "worker " : ""}event-loop delay p99 ${ms(p99)} > ${ms(l.stampDelayP99Ms)}`
      : null;
  },
  ({ health: h }, l) =>
    h.threads > 1 && h.event_loop_delay_ms.p99 > l.scheduleDelayP99Ms
      ? `main event-loop delay p99 ${ms(h.event_loop_delay_ms.p99)} > ${ms(l.scheduleDelayP99Ms)}`
      : null,
  ({ clientLagP99 }, l) =>
    clientLagP99 !== null && clientLagP99 > l.lagP99Ms
      ? `requests left late (schedule lag p99 ${ms(clientLagP99)} > ${ms(l.lagP99Ms)})`
      : null,
  ({ health: h }, l) => {
    const shared = h.shares_machine !== false;
    const limit = (shared ? l.cpuPerThread : l.cpuPerThreadRemote) * h.threads;
    return h.cpu_is_client !== false && h.cpu_cores > limit
      ? `client CPU ${h.cpu_cores.toFixed(2)} cores for ${h.threads} request thread(s) > ${limit.toFixed(2)}${shared ? " on the machine that also serves" : ""}`
      : null;
  },
];

/** Why the client, not the server, may have limited a level; empty when it did not. */
export function clientLimitReasons(e: ClientEvidence, limits: typeof CLIENT_LIMITS = CLIENT_LIMITS): string[] {
  return CHECKS.map((check) => check(e, limits)).filter((r): r is string => r !== null);
}
