import { closeSync, openSync, readSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import type { ImportedTargetInfo, LlamaTargetInfo, OpenAITargetInfo } from "../targets/target.js";

/** The parts of a target's info that shape its answers (a whole TargetInfo is one). */
export type FingerprintedInfo =
  | Pick<LlamaTargetInfo, "kind" | "model_path" | "engine" | "gpu" | "threads" | "parallel" | "ctx_size">
  | OpenAITargetInfo
  | ImportedTargetInfo;

/** Bytes of a GGUF file hashed for its fingerprint: the whole of a small file, the header, metadata and first tensors of a large one. */
const HASHED_BYTES = 16 * 1024 * 1024;

/**
 * `/models` card owners whose `created` is the time of the /models call itself (a pydantic
 * default_factory in vLLM and SGLang, `std::time(0)` in llama.cpp's server): a clock reading, not
 * the deployment's, so it would make every run a cache miss without telling deployments apart.
 */
const PER_CALL_CREATED = new Set(["vllm", "sglang", "llamacpp"]);

/**
 * The /models answer as a fingerprint: kept whole (ids, roots, parents, max_model_len, owners,
 * creation times, llama.cpp's `meta` with parameter count and size) except for values a server
 * makes up on every call — vLLM's `permission` entries (a random `modelperm-` id and the call's
 * time) and `created` from the owners above.
 */
export function modelsFingerprint(models: unknown): unknown {
  const data = (models as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return models;
  const cards = data.map((card: unknown) => {
    if (card === null || typeof card !== "object") return card;
    const c: Record<string, unknown> = { ...(card as Record<string, unknown>) };
    delete c.permission;
    if (typeof c.owned_by === "string" && PER_CALL_CREATED.has(c.owned_by)) delete c.created;
    return c;
  });
  return { ...(models as Record<string, unknown>), data: cards };
}

/** Size, modification time and a SHA-256 of the first 16 MiB of a file (all of it when smaller), or null when it cannot be read. */
export function fileFingerprint(path: string): { size: number; mtime_ms: number; sha256_head: string } | null {
  try {
    const st = statSync(path);
    const fd = openSync(path, "r");
    try {
      const buf = Buffer.alloc(Math.min(st.size, HASHED_BYTES));
      readSync(fd, buf, 0, buf.length, 0);
      return { size: st.size, mtime_ms: st.mtimeMs, sha256_head: createHash("sha256").update(buf).digest("hex") };
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
}

/**
 * Everything about a target that shapes its answers, as plain data for the response-cache key: a
 * redeployment at the same URL, another file at the same path or other engine settings give a
 * different fingerprint. HTTP: URL, API, model and the /models answer. Embedded engine: the GGUF
 * file's size, mtime and hash, the engine version and the settings that change its arithmetic
 * (threads and batch layout change floating-point reduction order, context size what fits).
 */
export function targetFingerprint(info: FingerprintedInfo): Record<string, unknown> {
  if (info.kind === "llama") {
    const path = info.model_path;
    return {
      kind: "llama",
      model_path: path,
      file: fileFingerprint(path),
      engine: info.engine,
      gpu: info.gpu,
      threads: info.threads,
      parallel: info.parallel,
      ctx_size: info.ctx_size,
    };
  }
  // Imported records keep the shape of an HTTP fingerprint, with what they lack as null.
  const http = info.kind === "openai" ? info : null;
  return {
    kind: info.kind,
    base_url: http?.base_url ?? null,
    api: http?.api ?? null,
    model: info.model,
    models: modelsFingerprint(http?.models ?? null),
  };
}
