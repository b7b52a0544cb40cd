import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundledModelPath, DEFAULT_MODEL, resolveDefaultModel } from "../../src/targets/default-model.js";
import { runCli, SHARED_MODEL } from "../helpers/cli.js";

// The Hugging Face Hub cannot be reached here: a loopback server stands in for it, serving the
// same path layout (and the same redirect to a CDN) as huggingface.co.
describe("default model resolution", () => {
  const model = readFileSync(SHARED_MODEL);
  let body: Buffer = model;
  let hub = "";
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? "");
    if (req.url === `/${DEFAULT_MODEL.repo}/resolve/main/${DEFAULT_MODEL.file}`) {
      res.writeHead(302, { location: "/cdn/blob" });
      return void res.end();
    }
    if (req.url === "/cdn/blob") return void res.end(body);
    res.writeHead(404).end();
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    hub = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const freshCache = (): string => mkdtempSync(join(tmpdir(), "infermark-cache-"));

  it("checks the pinned hash against the real file", () => {
    expect(createHash("sha256").update(model).digest("hex")).toBe(DEFAULT_MODEL.sha256);
  });

  it("prefers INFERMARK_MODEL", async () => {
    expect(await resolveDefaultModel({ INFERMARK_MODEL: "/x.gguf" })).toEqual({
      path: "/x.gguf",
      source: "INFERMARK_MODEL",
    });
  });

  it("downloads into the cache, following the hub's redirect, then reuses the cached copy", async () => {
    body = model;
    const cache = freshCache();
    const first = await resolveDefaultModel({ INFERMARK_CACHE_DIR: cache, HF_ENDPOINT: hub }, null);
    expect(first).toEqual({ path: join(cache, "models", DEFAULT_MODEL.file), source: "download" });
    expect(readFileSync(first.path).equals(model)).toBe(true);
    const before = hits.length;
    expect((await resolveDefaultModel({ INFERMARK_CACHE_DIR: cache, HF_ENDPOINT: hub }, null)).source).toBe("cache");
    expect(hits.length).toBe(before);
  });

  it("fails closed on a hash mismatch, naming both hashes, and keeps nothing", async () => {
    body = Buffer.from("not the model");
    const cache = freshCache();
    const bad = createHash("sha256").update(body).digest("hex");
    const err = await resolveDefaultModel({ INFERMARK_CACHE_DIR: cache, HF_ENDPOINT: hub }, null).catch((e: unknown) =>
      String(e),
    );
    expect(err).toContain(bad);
    expect(err).toContain(DEFAULT_MODEL.sha256);
    expect(existsSync(join(cache, "models", DEFAULT_MODEL.file))).toBe(false);
  });

  it("refuses a tampered cached copy", async () => {
    const cache = freshCache();
    body = model;
    const { path } = await resolveDefaultModel({ INFERMARK_CACHE_DIR: cache, HF_ENDPOINT: hub }, null);
    writeFileSync(path, "tampered");
    await expect(resolveDefaultModel({ INFERMARK_CACHE_DIR: cache, HF_ENDPOINT: hub }, null)).rejects.toThrow(
      /expected 270cba/,
    );
  });

  it("offline, says in one line how to point infermark at a model or an endpoint", async () => {
    const err = await resolveDefaultModel(
      { INFERMARK_CACHE_DIR: freshCache(), HF_ENDPOINT: "http://127.0.0.1:1" },
      null,
    ).catch((e: unknown) => String(e));
    expect(err).toMatch(
      /could not be downloaded .*--target llama:PATH\.gguf.*INFERMARK_MODEL.*http\(s\):\/\/host:port\/v1/,
    );
    expect(err).not.toContain("\n");
  });

  it("uses the copy bundled in the package before the cache or the Hub, checked against the pinned hash", async () => {
    expect(readFileSync(bundledModelPath()).equals(model)).toBe(true);
    const offline = { INFERMARK_CACHE_DIR: freshCache(), HF_ENDPOINT: "http://127.0.0.1:1" };
    expect(await resolveDefaultModel(offline)).toEqual({ path: bundledModelPath(), source: "bundled" });
    const damaged = join(freshCache(), DEFAULT_MODEL.file);
    writeFileSync(damaged, "truncated");
    await expect(resolveDefaultModel(offline, damaged)).rejects.toThrow(
      /bundled .* has sha256 [0-9a-f]{64}, expected 270cba/,
    );
  });

  it("with INFERMARK_MODEL unset and no network, `bench --requests 3` on the default target runs the bundled file", async () => {
    const out = join(freshCache(), "run");
    // No route anywhere: the Hub endpoint refuses connections, and the cache is empty.
    const env = {
      INFERMARK_MODEL: "",
      INFERMARK_CACHE_DIR: freshCache(),
      HF_ENDPOINT: "http://127.0.0.1:1",
      INFERMARK_HF_ENDPOINT: "http://127.0.0.1:1",
    };
    const res = await runCli(
      ["bench", "--requests", "3", "--input-tokens", "8", "--output-tokens", "8", "--threads", "1", "--out", out],
      env,
    );
    expect(res.stderr).not.toMatch(/could not be downloaded/);
    expect(res.code).toBe(0);
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as {
      target: { model_path: string; model_source: string };
    };
    expect(run.target).toMatchObject({ model_path: bundledModelPath(), model_source: "bundled" });
    expect(run.target.model_path).toMatch(/models\/stories260K\.gguf$/);
  }, 60_000);
});
