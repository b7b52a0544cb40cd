import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { startMockServer } from "../../src/mock/sse-server.js";
import { RecordBuilder } from "../../src/records/build.js";
import { openTarget, reopenTarget, targetCapabilities } from "../../src/targets/open-target.js";
import { targetKindOf } from "../../src/targets/schemes.js";
import type { Target, TargetSpec } from "../../src/targets/target.js";
import { SHARED_MODEL } from "../helpers/cli.js";

const spec = (target: string | undefined): TargetSpec => ({
  ...(target !== undefined ? { target } : {}),
  api: "chat",
  stream: true,
  timeoutMs: 10_000,
  connections: 4,
  threads: 1,
  parallel: 2,
  ctxSize: 256,
});

async function answer(target: Target): Promise<string> {
  const b = new RecordBuilder({
    id: 0,
    level: 0,
    load: { mode: "concurrency", value: 1 },
    phase: "measure",
    item: 0,
    t0: performance.now(),
    tIntended: performance.now(),
    tReleased: performance.now(),
    inputTokensHint: null,
  });
  await target.send(
    { id: "r0", prompt: "Once upon a time", maxTokens: 4, ignoreEos: true, params: {} },
    b.emit,
    new AbortController().signal,
  );
  const r = b.build();
  expect(r.error).toBeNull();
  return r.text;
}

describe("the scheme table", () => {
  it("maps each --target form to its kind", () => {
    expect(targetKindOf("http://127.0.0.1:8000/v1").id).toBe("openai");
    expect(targetKindOf("HTTPS://api.example.com/v1").id).toBe("openai");
    expect(targetKindOf("llama:./m.gguf").id).toBe("llama");
    expect(targetKindOf("./models/m.GGUF").id).toBe("llama");
    expect(targetKindOf(undefined).id).toBe("default");
  });

  it("an unknown scheme is a one-line user error listing the valid forms", () => {
    for (const raw of ["ftp://host/v1", "http//nope", "./model.bin"]) {
      let err: unknown;
      try {
        targetKindOf(raw);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UserError);
      const message = (err as Error).message;
      expect(message.split("\n")).toHaveLength(1);
      expect(message).toContain(`"${raw}"`);
      for (const form of ["http(s)://host:port/v1", "llama:PATH.gguf", "PATH.gguf", "no --target"])
        expect(message).toContain(form);
    }
  });

  it("opens an OpenAI-compatible server from http://, and a worker thread's spec reopens it", async () => {
    const server = await startMockServer({ ttftMs: 1, itlMs: 1 });
    const { target } = await openTarget(spec(server.url));
    try {
      expect(target.info).toMatchObject({ kind: "openai", model: "mock-model", api: "chat" });
      expect(target.capabilities).toEqual(targetCapabilities(spec(server.url)));
      const ws = target.workerSpec(2);
      expect(ws).toMatchObject({ kind: "openai", options: { connections: 2, model: "mock-model" } });
      if (!ws) throw new Error("no worker spec");
      const again = await reopenTarget(ws);
      expect((await answer(again)).length).toBeGreaterThan(0);
      await again.close();
      expect(server.log).toHaveLength(1);
    } finally {
      await target.close();
      await server.close();
    }
  });

  it("opens the embedded engine from llama:PATH and from a bare PATH.gguf, declaring what it can do", async () => {
    for (const raw of [`llama:${SHARED_MODEL}`, SHARED_MODEL]) {
      const { target, modelSource } = await openTarget(spec(raw));
      try {
        expect(modelSource).toBeUndefined();
        expect(target.info).toMatchObject({ kind: "llama", model_path: SHARED_MODEL, parallel: 2 });
        expect(target.info).not.toHaveProperty("model_source");
        expect(target.capabilities).toEqual(targetCapabilities(spec(raw)));
        expect(target.workerSpec(2)).toBeNull();
        const counter = await target.promptCounter([], []);
        expect(counter?.by).toBe("engine tokenizer");
        expect(counter?.count("Once upon a time")).toBeGreaterThan(1);
        expect(await answer(target)).not.toBe("");
      } finally {
        await target.close();
      }
    }
  });

  it("opens the default model when no --target is given, and says where it came from", async () => {
    const before = process.env.INFERMARK_MODEL;
    process.env.INFERMARK_MODEL = SHARED_MODEL;
    try {
      const { target, modelSource } = await openTarget(spec(undefined));
      expect(modelSource).toBe("INFERMARK_MODEL");
      expect(target.info).toMatchObject({ kind: "llama", model_path: SHARED_MODEL, model_source: "INFERMARK_MODEL" });
      // model_source stays the last field of the info, as run.json has always had it.
      expect(Object.keys(target.info).at(-1)).toBe("model_source");
      await target.close();
    } finally {
      if (before === undefined) delete process.env.INFERMARK_MODEL;
      else process.env.INFERMARK_MODEL = before;
    }
  });

  it("llama: with no path is a user error", async () => {
    await expect(openTarget(spec("llama:"))).rejects.toThrow(/--target llama: needs a path/);
  });
});
