import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Agent, interceptors, request } from "undici";
import { UserError } from "../errors.js";
import { packageRoot } from "../package-root.js";
import { makeDirs } from "../make-dirs.js";
import { cacheDir } from "../cache-dir.js";

/** The tiny model infermark runs when no target is given: node-llama-cpp's hf:ggml-org/tiny-llamas/stories260K.gguf. */
export const DEFAULT_MODEL = {
  repo: "ggml-org/tiny-llamas",
  file: "stories260K.gguf",
  sha256: "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d",
} as const;

/** Where a model path came from. */
export type ModelSource = "INFERMARK_MODEL" | "bundled" | "cache" | "download";

/** The copy shipped inside the package (package.json "files"), so a first run needs no network. */
export function bundledModelPath(): string {
  return join(packageRoot(), "models", DEFAULT_MODEL.file);
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

const HOW_TO =
  "pass --target llama:PATH.gguf, set INFERMARK_MODEL=PATH.gguf, or point --target at an http(s)://host:port/v1 endpoint";

/**
 * Finds the model to run when no target is given: INFERMARK_MODEL, else the copy bundled with the
 * package, else the cached default model, else a download of it from the Hugging Face Hub
 * (HF_ENDPOINT overrides the host). Every copy but INFERMARK_MODEL's is checked against the pinned
 * sha256 before use; a mismatch fails closed and names both hashes. `bundled` is null to skip the
 * bundled copy (tests of the cache and download paths).
 */
export async function resolveDefaultModel(
  env: NodeJS.ProcessEnv = process.env,
  bundled: string | null = bundledModelPath(),
): Promise<{ path: string; source: ModelSource }> {
  if (env.INFERMARK_MODEL) return { path: env.INFERMARK_MODEL, source: "INFERMARK_MODEL" };
  if (bundled !== null && existsSync(bundled)) {
    const actual = sha256(readFileSync(bundled));
    // A damaged package is not silently replaced by a download: the user should know.
    if (actual !== DEFAULT_MODEL.sha256)
      throw new UserError(
        `bundled ${bundled} has sha256 ${actual}, expected ${DEFAULT_MODEL.sha256}: reinstall infermark, or ${HOW_TO}`,
      );
    return { path: bundled, source: "bundled" };
  }
  const dir = join(cacheDir(env), "models");
  const path = join(dir, DEFAULT_MODEL.file);
  if (existsSync(path)) {
    const actual = sha256(readFileSync(path));
    if (actual !== DEFAULT_MODEL.sha256) {
      throw new UserError(
        `cached ${path} has sha256 ${actual}, expected ${DEFAULT_MODEL.sha256}: delete it to download again, or ${HOW_TO}`,
      );
    }
    return { path, source: "cache" };
  }
  const hub = (env.INFERMARK_HF_ENDPOINT || env.HF_ENDPOINT || "https://huggingface.co").replace(/\/+$/, "");
  const url = `${hub}/${DEFAULT_MODEL.repo}/resolve/main/${DEFAULT_MODEL.file}`;
  let bytes: Buffer;
  const agent = new Agent({ connectTimeout: 10_000 }).compose(interceptors.redirect({ maxRedirections: 5 }));
  try {
    const res = await request(url, { dispatcher: agent, headersTimeout: 30_000, bodyTimeout: 60_000 });
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new Error(`HTTP ${res.statusCode}`);
    }
    bytes = Buffer.from(await res.body.arrayBuffer());
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UserError(
      `no model given and the default model could not be downloaded from ${url} (${e.code ?? e.message}): ${HOW_TO}`,
    );
  } finally {
    await agent.close();
  }
  const actual = sha256(bytes);
  if (actual !== DEFAULT_MODEL.sha256) {
    throw new UserError(
      `downloaded ${url} has sha256 ${actual}, expected ${DEFAULT_MODEL.sha256}: refusing to use it; ${HOW_TO}`,
    );
  }
  makeDirs(dir, "model cache directory");
  const tmp = `${path}.${process.pid}.part`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
  return { path, source: "download" };
}
