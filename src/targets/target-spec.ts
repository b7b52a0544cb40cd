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

/**
 * The target a resumed run continues with: the one named on the command line, else the one the
 * run's own run.json names (its fingerprint), so `--resume DIR` alone never asks another model.
 */
export function resumeTargetSpec(
  given: TargetSpec,
  fingerprint: Readonly<Record<string, unknown>>,
  api: "chat" | "completions",
): TargetSpec {
  if (given.target !== undefined) return given;
  const { kind, base_url: url, model, model_path: path } = fingerprint;
  if (kind === "openai" && typeof url === "string")
    return { ...given, target: url, api, ...(given.model === undefined && typeof model === "string" ? { model } : {}) };
  if (kind === "llama" && typeof path === "string") return { ...given, target: `llama:${path}` };
  return given;
}
