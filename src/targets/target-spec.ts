import { defaultThreads } from "./llama-params.js";
import type { TargetSpec } from "./target.js";

/** The target flags every command shares, as plain data (the API key itself, read from the environment by the CLI). */
export interface TargetFlagValues {
  target?: string;
  api: "chat" | "completions";
  model?: string;
  apiKey?: string;
  /** --header pairs, values already read from the environment. */
  headers?: Record<string, string>;
  /** Per-request limit in seconds (0: none). */
  timeout: number;
  maxResponseMb: number;
  /** Engine threads; undefined: defaultThreads(). */
  threads?: number;
  parallel: number;
  ctxSize: number;
}

/** The target spec the flags describe, for a run streaming or not with at most `connections` requests in flight. */
export function resolveTargetSpec(f: TargetFlagValues, o: { stream: boolean; connections: number }): TargetSpec {
  return {
    ...(f.target !== undefined ? { target: f.target } : {}),
    ...(f.model ? { model: f.model } : {}),
    ...(f.apiKey ? { apiKey: f.apiKey } : {}),
    ...(f.headers && Object.keys(f.headers).length > 0 ? { headers: f.headers } : {}),
    api: f.api,
    stream: o.stream,
    timeoutMs: f.timeout * 1000,
    maxResponseBytes: Math.round(f.maxResponseMb * 1024 * 1024),
    connections: o.connections,
    threads: f.threads ?? defaultThreads(),
    parallel: f.parallel,
    ctxSize: f.ctxSize,
  };
}
