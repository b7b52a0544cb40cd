import { availableParallelism } from "node:os";
import type { ParamType, TargetCapabilities } from "./capabilities.js";

/** Sampling parameters the engine honours through --param, with their types; anything else is a user error. */
export const LLAMA_PARAM_TYPES = {
  temperature: "number",
  top_k: "integer",
  top_p: "number",
  min_p: "number",
  seed: "integer",
} as const satisfies Record<string, ParamType>;

/** The names of LLAMA_PARAM_TYPES. */
export const LLAMA_PARAMS = ["temperature", "top_k", "top_p", "min_p", "seed"] as const satisfies ReadonlyArray<
  keyof typeof LLAMA_PARAM_TYPES
>;

/**
 * What the embedded engine can do with `parallel` sequences. It has no stop sequences and no
 * log-probabilities in its token loop, it always streams (one token per step), and it computes on
 * this process's CPU, so that CPU is not client overhead; it cannot be reopened on a worker thread
 * (one model load per process).
 */
export function llamaCapabilities(parallel: number): TargetCapabilities {
  return {
    name: "the embedded engine",
    params: LLAMA_PARAM_TYPES,
    logprobs: false,
    stop: false,
    toolCalls: false,
    ignoreEos: true,
    wholeResponses: false,
    slots: parallel,
    tokenizer: "engine",
    metricsUrl: null,
    workerThreads: false,
    cpuIsClient: false,
    sharesMachine: true,
    headers: false,
  };
}

/**
 * Half the cores, at least one. The engine spin-waits between batches, so it must leave a core
 * to the event loop that stamps token times: on a 2-core machine the library default (4 threads)
 * measured ~600 ms/token on stories260K, one thread 0.6 ms/token.
 */
export function defaultThreads(): number {
  return Math.max(1, Math.floor(availableParallelism() / 2));
}
