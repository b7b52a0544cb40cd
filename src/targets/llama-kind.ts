import { UserError } from "../errors.js";
import { resolveDefaultModel, type ModelSource } from "./default-model.js";
import { llamaCapabilities } from "./llama-params.js";
import type { Target, TargetKind, TargetSpec } from "./target.js";

// The engine's native bindings take ~0.5 s to import, which HTTP runs never need: loaded on open only.
async function openEngine(spec: TargetSpec, modelPath: string, modelSource?: ModelSource): Promise<Target> {
  const { LlamaTarget } = await import("./llama.js");
  return LlamaTarget.open({
    modelPath,
    threads: spec.threads,
    parallel: spec.parallel,
    ctxSize: spec.ctxSize,
    ...(modelSource ? { modelSource } : {}),
  });
}

/** `llama:PATH.gguf` or a bare `PATH.gguf`: the embedded engine on a local GGUF file. */
export const llamaKind: TargetKind = {
  id: "llama",
  forms: "llama:PATH.gguf or PATH.gguf (the embedded engine)",
  capabilities: (spec) => llamaCapabilities(spec.parallel),
  open: async (spec) => {
    const raw = spec.target ?? "";
    const modelPath = raw.startsWith("llama:") ? raw.slice("llama:".length) : raw;
    if (!modelPath) throw new UserError(`--target llama: needs a path, e.g. llama:./model.gguf`);
    return openEngine(spec, modelPath);
  },
};

/** No --target: the embedded engine on INFERMARK_MODEL or the default model (resolveDefaultModel), its source kept in the target info. */
export const defaultModelKind: TargetKind = {
  id: "default",
  forms: "no --target (INFERMARK_MODEL or the bundled default model)",
  capabilities: (spec) => llamaCapabilities(spec.parallel),
  open: async (spec) => {
    const { path, source } = await resolveDefaultModel();
    return openEngine(spec, path, source);
  },
};
