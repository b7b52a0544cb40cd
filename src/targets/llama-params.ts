import { availableParallelism } from "node:os";

/** Sampling parameters the engine accepts through --param; anything else is a user error. */
export const LLAMA_PARAMS = ["temperature", "top_k", "top_p", "min_p", "seed"] as const;

/**
 * Half the cores, at least one. The engine spin-waits between batches, so it must leave a core
 * to the event loop that stamps token times: on a 2-core machine the library default (4 threads)
 * measured ~600 ms/token on stories260K, one thread 0.6 ms/token.
 */
export function defaultThreads(): number {
  return Math.max(1, Math.floor(availableParallelism() / 2));
}
