// A server that never stops sending must not make the client hold everything it sent.
import { afterAll, describe, expect, it } from "vitest";
import { RecordBuilder } from "../../src/records/build.js";
import type { RequestRecord } from "../../src/records/record.js";
import { OpenAITarget } from "../../src/targets/openai.js";
import { rawServer } from "../helpers/raw-server.js";
import { summarizeLevel } from "../../src/standards/efficiency/summarize.js";

const MiB = 1024 * 1024;

async function once(url: string, stream: boolean, maxResponseBytes: number): Promise<RequestRecord> {
  const t = new OpenAITarget({
    baseUrl: url,
    api: "chat",
    model: "m",
    stream,
    timeoutMs: 20_000,
    connections: 1,
    maxResponseBytes,
  });
  const b = new RecordBuilder({
    id: 0,
    level: 0,
    load: { mode: "concurrency", value: 1 },
    phase: "measure",
    item: 0,
    t0: 0,
    tIntended: performance.now(),
    tReleased: performance.now(),
    inputTokensHint: null,
  });
  await t.send(
    { id: "r", prompt: "hi", maxTokens: 4, ignoreEos: false, params: {} },
    b.emit,
    new AbortController().signal,
  );
  await t.close();
  return b.build();
}

/** Writes `piece` until the client goes away (bounded: at most `limit` bytes). */
function flood(res: import("node:http").ServerResponse, piece: string, limit: number): void {
  let sent = 0;
  const more = (): void => {
    while (sent < limit && !res.destroyed) {
      sent += piece.length;
      if (!res.write(piece)) return void res.once("drain", more);
    }
    res.end();
  };
  more();
}

describe("response size caps", () => {
  const closers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of closers) await c();
  });

  it("fails a line that never ends as response_too_large, keeping the tokens before it", async () => {
    const srv = await rawServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`data: {"choices":[{"index":0,"delta":{"content":"hi"}}]}\n\n`);
      res.write("data: ");
      flood(res, "x".repeat(64 * 1024), 64 * MiB);
    });
    closers.push(() => srv.close());
    // Under a 32 MiB response cap, one event may hold at most 16 MiB.
    const r = await once(srv.url, true, 32 * MiB);
    expect(r.error?.kind).toBe("response_too_large");
    expect(r.error?.message).toMatch(/one server-sent event exceeded 16777216 bytes/);
    expect(r.text).toBe("hi");
  });

  it("fails a stream of small events past the response cap", async () => {
    const frame = `data: {"choices":[{"index":0,"delta":{"content":"tok"}}]}\n\n`;
    const srv = await rawServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      flood(res, frame.repeat(1000), 64 * MiB);
    });
    closers.push(() => srv.close());
    const r = await once(srv.url, true, 1 * MiB);
    expect(r.error?.kind).toBe("response_too_large");
    expect(r.error?.message).toMatch(/the response exceeded 1048576 bytes/);
    // What arrived before the cap is kept, and no more than the cap allows.
    expect(r.chunks.length).toBeGreaterThan(0);
    expect(r.chunks.length).toBeLessThanOrEqual(MiB / frame.length);
  });

  it("fails a --no-stream body past the cap instead of buffering it", async () => {
    const srv = await rawServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"choices":[{"index":0,"message":{"content":"');
      flood(res, "y".repeat(64 * 1024), 64 * MiB);
    });
    closers.push(() => srv.close());
    const r = await once(srv.url, false, 1 * MiB);
    expect(r.error?.kind).toBe("response_too_large");
  });

  it("lets a response within the cap through untouched", async () => {
    const srv = await rawServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(
        `data: {"choices":[{"index":0,"delta":{"content":"${"z".repeat(100_000)}"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n`,
      );
    });
    closers.push(() => srv.close());
    const r = await once(srv.url, true, 1 * MiB);
    expect(r.error).toBeNull();
    expect(r.text.length).toBe(100_000);
  });
});

describe("token counts a server cannot have sent", () => {
  it("keeps a completion_tokens of 1e8 on three chunks as reported, but never spreads it over the chunks", async () => {
    const srv = await rawServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const frame = (c: string): string => `data: {"choices":[{"index":0,"delta":{"content":"${c}"}}]}\n\n`;
      res.end(
        frame("a") +
          frame("b") +
          frame("c") +
          `data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":100000000}}\n\ndata: [DONE]\n\n`,
      );
    });
    try {
      const r = await once(srv.url, true, MiB);
      expect(r.error).toBeNull();
      expect(r.tokens.output_usage).toBe(100_000_000);
      // Three chunks of one byte each can carry at most 3 + 3 tokens: the client's own count is used.
      expect(r.tokens.output).toBe(3);
      expect(r.tokens.output_source).toBe("chunks");
      expect(r.tokens.chunk_tokens).toBe("one_per_chunk");
      expect(r.chunks.map(([, k]) => k)).toEqual([1, 1, 1]);
      const level = summarizeLevel(0, { mode: "concurrency", value: 1 }, [r]);
      expect(level.tokens.mismatches).toBe(1);
      expect(level.latency_ms.itl.n).toBe(2);
    } finally {
      await srv.close();
    }
  });
});
