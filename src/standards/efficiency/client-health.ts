/** How busy the client itself was during one level: the evidence for a `client_limited` verdict. */
export interface ClientHealth {
  level: number;
  /** Event-loop delay of the thread that schedules requests (perf_hooks.monitorEventLoopDelay). */
  event_loop_delay_ms: { p50: number; p99: number; max: number };
  /** Worst event-loop delay p99 over the worker threads, when requests ran in workers. */
  worker_loop_delay_p99_ms: number | null;
  /** Process CPU time over wall time: 1.0 is one core kept busy. */
  cpu_cores: number;
  /** Threads that ran requests (1: the main thread only). */
  threads: number;
}

/** Event-loop delay p99 above this means timestamps were taken late (ms). */
export const LOOP_DELAY_LIMIT_MS = 20;
/** CPU use per request thread above this means the client had no headroom left. */
export const CPU_LIMIT_PER_THREAD = 0.9;

/** Why the client, not the server, may have limited a level; empty when it did not. */
export function clientLimitReasons(h: ClientHealth): string[] {
  const reasons: string[] = [];
  if (h.event_loop_delay_ms.p99 > LOOP_DELAY_LIMIT_MS) reasons.push(`event-loop delay p99 ${h.event_loop_delay_ms.p99.toFixed(1)} ms > ${LOOP_DELAY_LIMIT_MS} ms`);
  if (h.worker_loop_delay_p99_ms !== null && h.worker_loop_delay_p99_ms > LOOP_DELAY_LIMIT_MS) reasons.push(`worker event-loop delay p99 ${h.worker_loop_delay_p99_ms.toFixed(1)} ms > ${LOOP_DELAY_LIMIT_MS} ms`);
  if (h.cpu_cores > CPU_LIMIT_PER_THREAD * h.threads) reasons.push(`client CPU ${h.cpu_cores.toFixed(2)} cores for ${h.threads} thread(s)`);
  return reasons;
}
