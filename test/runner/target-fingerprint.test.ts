import { copyFileSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ResponseCache } from "../../src/runner/response-cache.js";
import { type FingerprintedInfo, targetFingerprint } from "../../src/runner/target-fingerprint.js";
import type { TargetInfo } from "../../src/targets/target.js";
import { SHARED_MODEL } from "../helpers/cli.js";

const req = {
  id: "r",
  messages: [{ role: "user" as const, content: "hi" }],
  maxTokens: 8,
  ignoreEos: false,
  params: {},
};
const http = (models: unknown): TargetInfo => ({
  kind: "openai",
  base_url: "http://127.0.0.1:8000/v1",
  api: "chat",
  model: "m",
  stream: true,
  models,
});
const key = (info: FingerprintedInfo): string => ResponseCache.key(targetFingerprint(info), req, 0);

describe("the response cache's target fingerprint", () => {
  it("changes with anything in the /models answer: id, root, creation time, max_model_len", () => {
    const base = {
      object: "list",
      data: [{ id: "m", object: "model", created: 1700000000, owned_by: "me", root: "/models/a", max_model_len: 4096 }],
    };
    const k = key(http(base));
    for (const change of [{ root: "/models/b" }, { created: 1700000001 }, { max_model_len: 8192 }, { id: "m2" }]) {
      expect(key(http({ ...base, data: [{ ...base.data[0], ...change }] }))).not.toBe(k);
    }
    expect(key(http(base))).toBe(k);
  });

  it("ignores what vLLM makes up on every /models call (permission ids, and created when it is the call's time)", () => {
    const card = (t: number, perm: string) => ({
      id: "m",
      object: "model",
      created: t,
      owned_by: "vllm",
      root: "/models/a",
      max_model_len: 4096,
      permission: [{ id: `modelperm-${perm}`, created: t }],
    });
    expect(key(http({ object: "list", data: [card(1700000000, "aaa")] }))).toBe(
      key(http({ object: "list", data: [card(1700000050, "bbb")] })),
    );
    // ...but a different model root is still a different deployment.
    expect(key(http({ object: "list", data: [{ ...card(1, "a"), root: "/models/b" }] }))).not.toBe(
      key(http({ object: "list", data: [card(1, "a")] })),
    );
  });

  it("for the embedded engine, changes with the GGUF file (content, mtime) and the engine settings", () => {
    const dir = mkdtempSync(join(tmpdir(), "infermark-fp-"));
    const path = join(dir, "m.gguf");
    copyFileSync(SHARED_MODEL, path);
    const llama = (over: Record<string, unknown> = {}): FingerprintedInfo => ({
      kind: "llama",
      model_path: path,
      engine: "node-llama-cpp 3.21.1",
      gpu: false,
      threads: 1,
      parallel: 1,
      ctx_size: 2048,
      ...over,
    });
    const k = key(llama());
    expect(key(llama())).toBe(k);
    expect(key(llama({ threads: 2 }))).not.toBe(k);
    expect(key(llama({ ctx_size: 512 }))).not.toBe(k);
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    const touched = key(llama());
    expect(touched).not.toBe(k);
    writeFileSync(path, "another model at the same path");
    expect(key(llama())).not.toBe(touched);
  });
});
