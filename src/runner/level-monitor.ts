import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import type { ClientHealth } from "../standards/efficiency/client-health.js";

/** Watches this process while a level runs: event-loop delay of this thread and CPU over wall time. */
export class LevelMonitor {
  private readonly loop: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private cpu0 = process.cpuUsage();
  private wall0 = performance.now();

  start(): void {
    this.loop.reset();
    this.loop.enable();
    this.cpu0 = process.cpuUsage();
    this.wall0 = performance.now();
  }

  /** Stops watching and returns what was seen; `workerP99` comes from the worker threads, if any. */
  stop(level: number, threads: number, workerP99: number | null): ClientHealth {
    this.loop.disable();
    const cpu = process.cpuUsage(this.cpu0);
    const wall = performance.now() - this.wall0;
    const ms = (ns: number): number => ns / 1e6;
    return {
      level,
      event_loop_delay_ms: { p50: ms(this.loop.percentile(50)), p99: ms(this.loop.percentile(99)), max: ms(this.loop.max) },
      worker_loop_delay_p99_ms: workerP99,
      cpu_cores: wall > 0 ? (cpu.user + cpu.system) / 1000 / wall : 0,
      threads,
    };
  }
}
