import { availableParallelism } from "node:os";

/**
 * Worker threads for `--workers auto`: one event loop keeps the TTFT error within the calibrated
 * bound up to about 16–32 streams on a small machine, two threads well beyond (bench/README.md,
 * infermark calibrate); below 32 streams extra threads only cost CPU. Only targets that declare
 * capabilities.workerThreads run on them; `streams` is 0 when the stream count is not known in advance (uncapped open loop).
 */
export function autoWorkers(runsOnWorkers: boolean, streams: number): number {
  if (!runsOnWorkers || streams < 32) return 1;
  return Math.max(1, Math.min(4, availableParallelism()));
}
