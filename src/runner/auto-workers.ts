import { availableParallelism } from "node:os";

/**
 * Worker threads for `--workers auto`: one event loop keeps the TTFT error within the calibrated
 * bound up to about 16–32 streams on a small machine, two threads well beyond (bench/README.md,
 * infermark calibrate); below 32 streams extra threads only cost CPU. Only targets that declare
 * capabilities.workerThreads run on them; `streams` is 0 when the stream count is not known in advance (uncapped open loop).
 */
export function autoWorkers(runsOnWorkers: boolean, streams: number): number {
  if (!runsOnWorkers || streams < AUTO_WORKERS_FROM) return 1;
  return Math.max(1, Math.min(AUTO_WORKERS_MAX, availableParallelism()));
}

/** Streams from which `--workers auto` adds threads. */
export const AUTO_WORKERS_FROM = 32;
/** Most threads `--workers auto` picks. */
export const AUTO_WORKERS_MAX = 4;
/** autoWorkers in words, for --help and docs/cli.md (a test holds the two to this text). */
export const AUTO_WORKERS_RULE = `1 below ${AUTO_WORKERS_FROM} streams (or an uncapped --rate), else min(${AUTO_WORKERS_MAX}, cores)`;
