import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import type { ClientHealth } from "../standards/efficiency/client-health.js";

/** Sampling interval of the event-loop delay histogram (ms). */
export const LOOP_RESOLUTION_MS = 10;

/** Event-loop delay from a histogram of sampling intervals (ns): the part beyond the interval itself, in ms. */
export function loopDelayMs(intervalNs: number): number {
  return Math.max(0, intervalNs / 1e6 - LOOP_RESOLUTION_MS);
}

/** Watches this process while a level runs: event-loop delay of this thread and CPU over wall time. */
export class LevelMonitor {
  private readonly loop: IntervalHistogram = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  private cpu0 = process.cpuUsage();
  private wall0 = performance.now();

  start(): void {
    this.loop.reset();
    this.loop.enable();
    this.cpu0 = process.cpuUsage();
    this.wall0 = performance.now();
  }

  /**
   * Stops watching and returns what was seen; `workers` is the worker threads' own loop delay, if
   * requests ran there; `target` says whose CPU this process spends and where the target computes
   * (ClientHealth's `cpu_is_client`, `shares_machine` and `workers_apply`).
   */
  stop(
    level: number,
    threads: number,
    workers: { p50: number; p99: number } | null,
    target: { cpuIsClient: boolean; sharesMachine: boolean; workersApply: boolean },
  ): ClientHealth {
    this.loop.disable();
    const cpu = process.cpuUsage(this.cpu0);
    const wall = performance.now() - this.wall0;
    return {
      level,
      event_loop_delay_ms: {
        p50: loopDelayMs(this.loop.percentile(50)),
        p99: loopDelayMs(this.loop.percentile(99)),
        max: loopDelayMs(this.loop.max),
      },
      worker_loop_delay_p99_ms: workers?.p99 ?? null,
      worker_loop_delay_p50_ms: workers?.p50 ?? null,
      cpu_cores: wall > 0 ? (cpu.user + cpu.system) / 1000 / wall : 0,
      threads,
      ...(target.cpuIsClient ? {} : { cpu_is_client: false }),
      ...(target.sharesMachine ? {} : { shares_machine: false }),
      ...(target.workersApply ? {} : { workers_apply: false }),
    };
  }
}
