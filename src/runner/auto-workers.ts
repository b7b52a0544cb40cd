import { availableParallelism } from "node:os";

/**
 * Worker threads for `--workers auto`. One event loop keeps the TTFT error within the calibrated
 * bound up to about 16–32 streams on a small machine; past that, more threads help only if there
 * are cores to run them: the main thread still coordinates, and a server on the same machine needs
 * its share. On 2 cores in bench/client-overhead.ts, two worker threads read closer than one at 64
 * streams (p50 error 8.2 vs 9.7 ms, and 2.4 vs 5.5 ms, in two runs) but worse at 128 and 256, and
 * cost 1.3–1.6× the bare client's CPU against 1.0–1.2× for one thread — CPU a server on the same
 * machine loses. So auto leaves one core to the rest and adds threads only when at least two
 * remain; `infermark calibrate --workers 1,2` shows the trade on a given machine. Only targets
 * that declare capabilities.workerThreads run on them; `streams` is 0 when the stream count is not
 * known in advance (uncapped open loop).
 */
export function autoWorkers(runsOnWorkers: boolean, streams: number, cores = availableParallelism()): number {
  if (!runsOnWorkers || streams < AUTO_WORKERS_FROM) return 1;
  const threads = Math.min(AUTO_WORKERS_MAX, cores - 1);
  return threads >= 2 ? threads : 1;
}

/** Streams from which `--workers auto` adds threads. */
export const AUTO_WORKERS_FROM = 32;
/** Most threads `--workers auto` picks. */
export const AUTO_WORKERS_MAX = 4;
/** autoWorkers in words, for --help and docs/cli.md (a test holds the two to this text). */
export const AUTO_WORKERS_RULE = `1 below ${AUTO_WORKERS_FROM} streams (or an uncapped --rate), else min(${AUTO_WORKERS_MAX}, cores − 1) when that is 2 or more, else 1`;
