import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { RecordBuilder } from "../../src/records/build.js";
import type { RequestRecord } from "../../src/records/record.js";
import { spawnMockServer } from "../../src/mock/spawn.js";
import { OpenAITarget, type OpenAITargetOptions } from "../../src/targets/openai.js";
import { UserError } from "../../src/errors.js";
import { rawServer } from "../helpers/raw-server.js";
import { runLevel } from "../helpers/run-level.js";

const never = new AbortController().signal;

function target(url: string, over: Partial<OpenAITargetOptions> = {}): OpenAITarget {
  return new OpenAITarget({
    baseUrl: url,
    api: "chat",
    model: "m",
    stream: true,
    timeoutMs: 5000,
    connections: 4,
    ...over,
  });
}

async function once(t: OpenAITarget, signal = never): Promise<RequestRecord> {
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
  await t.send({ id: "req-1", prompt: "hi", maxTokens: 4, ignoreEos: false, params: {} }, b.emit, signal);
  await t.close();
  return b.build();
}

const sse = (frames: string[]): string => frames.map((f) => `data: ${f}\n\n`).join("");
const delta = (content: string, extra = ""): string =>
  `{"choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}}${extra}}]}`;

describe("failures are data", () => {
  const closers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of closers) await c();
  });

  it("counts injected 500s, dropped streams and timeouts by kind, and keeps every record", async () => {
    const mock = await spawnMockServer([
      "--ttft",
      "20",
      "--itl",
      "5",
      "--fail-500-every",
      "5",
      "--drop-every",
      "7",
      "--stall-every",
      "11",
    ]);
    closers.push(() => mock.close());
    const t = target(mock.url, { timeoutMs: 1500 });
    const { records, level } = await runLevel(t, { concurrency: 4, requests: 33, outputTokens: 10 });
    await t.close();
    // The server counts requests 1..33: every 5th answers 500 (6), every 7th is cut (7,14,21,28), every 11th stalls (11,22,33).
    expect(records).toHaveLength(33);
    // Lateness is about scheduling on a shared machine, not failures: count it from the records' own
    // stamps (late = sent more than 10 ms after intended, docs/load.md) rather than expecting 0.
    const late = records.filter((r) => r.t_sent - r.t_intended > 10).length;
    expect(level.requests).toEqual({
      sent: 33,
      completed: 20,
      failed: 13,
      dropped: 0,
      late,
      errors: { http_500: 6, stream_cut: 4, timeout: 3 },
    });
    const http500 = records.find((r) => r.error?.kind === "http_500")!;
    expect(http500.error!.status).toBe(500);
    expect(http500.error!.body).toContain("injected failure");
    const cut = records.find((r) => r.error?.kind === "stream_cut")!;
    expect(cut.chunks.length).toBe(2); // what arrived before the cut is kept
    expect(level.latency_ms.ttft.n).toBe(20);
  });

  it("retries once without stream_options when the server rejects it", async () => {
    const mock = await spawnMockServer(["--ttft", "5", "--itl", "1", "--reject-stream-options"]);
    closers.push(() => mock.close());
    const t = target(mock.url);
    const { records, level } = await runLevel(t, { concurrency: 2, requests: 4, outputTokens: 5 });
    await t.close();
    expect(level.requests.completed).toBe(4);
    expect(records.every((r) => !("stream_options" in r.request.body))).toBe(true);
    expect(level.tokens.output_source).toBe("chunks");
  });

  it("reads whole responses with --no-stream: first token time is the end of the body", async () => {
    const mock = await spawnMockServer(["--ttft", "100", "--itl", "10"]);
    closers.push(() => mock.close());
    const t = target(mock.url, { stream: false });
    const { records, level } = await runLevel(t, { concurrency: 2, requests: 4, outputTokens: 11 });
    await t.close();
    expect(level.requests.completed).toBe(4);
    expect(records[0]!.request.body.stream).toBe(false);
    expect(level.tokens.output).toBe(44);
    for (const r of records) expect(r.t_first).toBe(r.t_last);
    expect(level.latency_ms.ttft.p50!).toBeGreaterThan(199); // 100 + 10 × 10 ms before the body is sent
  });

  it("records connection refused", async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const r = await once(target(`http://127.0.0.1:${port}/v1`));
    expect(r.error?.kind).toBe("connection_refused");
  });

  it("records a DNS failure", async () => {
    const r = await once(target("http://no-such-host.invalid:8000/v1"));
    expect(r.error?.kind).toBe("dns_failure");
  });

  it("fails to connect with one clear user error when the server is down", async () => {
    await expect(
      OpenAITarget.connect({
        baseUrl: "http://127.0.0.1:1/v1",
        api: "chat",
        stream: true,
        timeoutMs: 1000,
        connections: 1,
      }),
    ).rejects.toThrow(UserError);
    await expect(
      OpenAITarget.connect({ baseUrl: "ftp://x/v1", api: "chat", stream: true, timeoutMs: 1000, connections: 1 }),
    ).rejects.toThrow(/unsupported target URL/);
  });

  it("takes the first model from /models and sends the API key only as a header", async () => {
    const srv = await rawServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(sse([delta("ok", ',"finish_reason":"stop"'), "[DONE]"]));
    });
    closers.push(() => srv.close());
    const t = await OpenAITarget.connect({
      baseUrl: srv.url,
      api: "chat",
      stream: true,
      timeoutMs: 1000,
      connections: 1,
      apiKey: "sk-secret-123",
    });
    expect(t.info.model).toBe("raw-model");
    const r = await once(t);
    expect(srv.requests[0]!.headers.authorization).toBe("Bearer sk-secret-123");
    expect(srv.requests[0]!.headers["x-request-id"]).toBe("req-1");
    expect(JSON.stringify(r)).not.toContain("sk-secret-123");
    expect(r).toMatchObject({ text: "ok", finish_reason: "stop", error: null });
  });

  it("classifies a non-SSE answer, a malformed chunk, an error event and a stream that ends without [DONE]", async () => {
    const answers: Array<(res: import("node:http").ServerResponse) => void> = [
      (res) => (res.writeHead(200, { "content-type": "application/json" }), res.end('{"hello":1}')),
      (res) => (res.writeHead(200, { "content-type": "text/event-stream" }), res.end(sse([delta("a"), "{broken"]))),
      (res) => (
        res.writeHead(200, { "content-type": "text/event-stream" }),
        res.end(sse([delta("a")]) + 'event: error\ndata: {"message":"model crashed"}\n\n')
      ),
      (res) => (res.writeHead(200, { "content-type": "text/event-stream" }), res.end(sse([delta("a")]))),
      (res) => (res.writeHead(404, { "content-type": "application/json" }), res.end('{"error":"no such model"}')),
    ];
    let i = 0;
    const srv = await rawServer((_req, res) => answers[i++]!(res));
    closers.push(() => srv.close());
    const kinds: Array<[string | undefined, string | undefined]> = [];
    for (let k = 0; k < answers.length; k++) {
      const r = await once(target(srv.url));
      kinds.push([r.error?.kind, r.error?.message]);
    }
    expect(kinds.map((k) => k[0])).toEqual([
      "not_sse",
      "malformed_chunk",
      "server_error_event",
      "stream_cut",
      "http_404",
    ]);
    expect(kinds[2]![1]).toBe("model crashed");
  });

  it("keeps reasoning apart from content and counts both as output chunks", async () => {
    let firstTokenWritten = Number.POSITIVE_INFINITY;
    const srv = await rawServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(sse(['{"choices":[{"delta":{"role":"assistant","content":""}}]}']));
      res.write(": keep-alive\n\n");
      setTimeout(() => {
        firstTokenWritten = performance.now();
        res.end(
          sse([
            '{"choices":[{"delta":{"reasoning_content":"think"}}]}',
            delta("42", ',"finish_reason":"stop"'),
            '{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2}}',
            "[DONE]",
          ]),
        );
      }, 30);
    });
    closers.push(() => srv.close());
    const r = await once(target(srv.url));
    expect(r).toMatchObject({ text: "42", reasoning: "think", error: null, finish_reason: "stop" });
    expect(r.chunks).toHaveLength(2);
    // The role-only delta did not count as the first token: t_first is not before the server wrote
    // the first reasoning delta (same process, same clock, t0 = 0), 30 ms after the role chunk.
    expect(r.t_first!).toBeGreaterThanOrEqual(firstTokenWritten);
    expect(r.tokens).toMatchObject({ input: 3, output: 2, output_source: "usage" });
  });

  it("cuts requests in flight when aborted and records them as aborted", async () => {
    const srv = await rawServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(sse([delta("a")]));
    });
    closers.push(() => srv.close());
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const r = await once(target(srv.url), ac.signal);
    expect(r.error?.kind).toBe("aborted");
    expect(r.chunks).toHaveLength(1);
  });
});
