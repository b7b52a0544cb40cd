import { UserError } from "../errors.js";
import { resolveDefaultModel, type ModelSource } from "./default-model.js";
import { OpenAITarget, parseBaseUrl } from "./openai.js";
import type { Target } from "./target.js";

/** Everything needed to open either kind of target, as the CLI or a library caller gives it. */
export interface TargetSpec {
  /** `http(s)://host:port/v1`, `llama:PATH.gguf`, or undefined for the default embedded model. */
  target?: string;
  api: "chat" | "completions";
  model?: string;
  apiKey?: string;
  stream: boolean;
  timeoutMs: number;
  /** Highest concurrency of the run: sizes the HTTP pool. */
  connections: number;
  threads: number;
  parallel: number;
  ctxSize: number;
  /** HTTP: most bytes one response may send (default 256 MiB). */
  maxResponseBytes?: number;
}

/** Opens the target a spec names; every way it can be wrong is a user error with one line. */
export async function openTarget(spec: TargetSpec): Promise<{ target: Target; modelSource?: ModelSource }> {
  const raw = spec.target;
  if (raw === undefined || raw.startsWith("llama:")) {
    let modelPath = raw?.slice("llama:".length);
    let modelSource: ModelSource | undefined;
    if (raw !== undefined && !modelPath) throw new UserError(`--target llama: needs a path, e.g. llama:./model.gguf`);
    if (!modelPath) ({ path: modelPath, source: modelSource } = await resolveDefaultModel());
    // Loaded on demand: the engine's native bindings take ~0.5 s to import, which HTTP runs never need.
    const { LlamaTarget } = await import("./llama.js");
    const target = await LlamaTarget.open({ modelPath, threads: spec.threads, parallel: spec.parallel, ctxSize: spec.ctxSize });
    if (modelSource) target.info.model_source = modelSource;
    return modelSource ? { target, modelSource } : { target };
  }
  parseBaseUrl(raw);
  const opts = { baseUrl: raw, api: spec.api, stream: spec.stream, timeoutMs: spec.timeoutMs, connections: spec.connections, ...(spec.maxResponseBytes ? { maxResponseBytes: spec.maxResponseBytes } : {}) };
  return { target: await OpenAITarget.connect({ ...opts, ...(spec.model ? { model: spec.model } : {}), ...(spec.apiKey ? { apiKey: spec.apiKey } : {}) }) };
}
