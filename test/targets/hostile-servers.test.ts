import type { ServerResponse } from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { RecordBuilder } from "../../src/records/build.js";
import type { RequestRecord } from "../../src/records/record.js";
import { summarizeLevel } from "../../src/standards/efficiency/summarize.js";
import { OpenAITarget, type OpenAITargetOptions } from "../../src/targets/openai.js";
import { rawServer } from "../helpers/raw-server.js";

// Servers we do not control: each case is a few lines of a loopback server doing one hostile thing.

const never = new AbortController().signal;
const opts = (url: string, over: Partial<OpenAITargetOptions> = {}): OpenAITargetOptions => ({
  baseUrl: url,
  api: "chat",
  stream: true,
  timeoutMs: 5000,
  connections: 1,
  ...over,
});
const sse = (frames: string[]): string => frames.map((f) => `data: ${f}\n\n`).join("");
const deep = (n: number): string => "[".repeat(n) + "]".repeat(n);

async function once(t: OpenAITarget): Promise<RequestRecord> {
  const now = performance.now();
  const b = new RecordBuilder({
    id: 0,
    level: 0,
    load: { mode: "concurrency", value: 1 },
    phase: "measure",
    item: 0,
    t0: 0,
    tIntended: now,
    tReleased: now,
    inputTokensHint: null,
  });
  await t.send({ id: "req-1", prompt: "hi", maxTokens: 4, ignoreEos: false, params: {} }, b.emit, never);
  await t.close();
  return b.build();
}

/** The error connect() ends with (it must be a one-line UserError), and how long it took. */
async function connectError(o: OpenAITargetOptions): Promise<{ err: unknown; ms: number }> {
  const t0 = performance.now();
  try {
    const t = await OpenAITarget.connect(o);
    await t.close();
    return { err: null, ms: performance.now() - t0 };
  } catch (err) {
    return { err, ms: performance.now() - t0 };
  }
}

describe("hostile servers", () => {
  const closers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of closers) await c();
  });
  const serve = async (
    chat: (res: ServerResponse) => void,
    models?: (res: ServerResponse) => void,
  ): Promise<string> => {
    const srv = await rawServer((_req, res) => chat(res), models ? (_req, res) => models(res) : undefined);
    closers.push(() => srv.close());
    return srv.url;
  };

  it("a /models answer dripping one byte at a time ends at the --timeout deadline, not never", async () => {
    const url = await serve(
      (res) => res.end(),
      (res) => {
        res.writeHead(200, { "content-type": "application/json" });
        const body = '{"data":[{"id":"drip"}]}';
        let i = 0;
        const timer = setInterval(
          () => (i < body.length ? res.write(body[i++]!) : (clearInterval(timer), res.end())),
          400,
        );
        res.on("close", () => clearInterval(timer));
      },
    );
    const { err, ms } = await connectError(opts(url, { timeoutMs: 1200 }));
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/gave no complete answer within 1.2 s/);
    expect((err as Error).message).not.toContain("\n");
    expect(ms).toBeLessThan(1200 + 1500);
  });

  it("a /models request that never gets headers ends at the deadline too", async () => {
    const url = await serve(
      (res) => res.end(),
      () => {}, // accepts the request and says nothing
    );
    const { err, ms } = await connectError(opts(url, { timeoutMs: 800 }));
    expect((err as Error).message).toMatch(/gave no complete answer within 0.8 s/);
    expect(ms).toBeLessThan(800 + 1500);
  });

  it("a /models answer nested 100,000 levels deep is one line, not a stack overflow", async () => {
    const url = await serve(
      (res) => res.end(),
      (res) => (res.writeHead(200, { "content-type": "application/json" }), res.end(`{"data":${deep(100_000)}}`)),
    );
    const { err } = await connectError(opts(url));
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/lists no model \(its answer nests deeper than 64 levels\); pass --model/);
    // With --model the run goes on without the unusable fingerprint.
    const t = await OpenAITarget.connect(opts(url, { model: "m" }));
    expect(t.info.models).toBeNull();
    await t.close();
  });

  it("a /models answer larger than the cap is refused", async () => {
    const url = await serve(
      (res) => res.end(),
      (res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"data":[{"id":"big","pad":"');
        const mb = "x".repeat(1024 * 1024);
        for (let i = 0; i < 9; i++) res.write(mb);
        res.end('"}]}');
      },
    );
    const { err } = await connectError(opts(url));
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/answered more than 8 MiB/);
  });

  it("a 100,000-deep nested error payload is a server_error_event, streamed or whole", async () => {
    const streamed = await serve(
      (res) => (
        res.writeHead(200, { "content-type": "text/event-stream" }),
        res.end(sse([`{"error":${deep(100_000)}}`]))
      ),
    );
    const r = await once(new OpenAITarget({ ...opts(streamed), model: "m" }));
    expect(r.error?.kind).toBe("server_error_event");
    expect(r.error?.message).toMatch(/nested too deeply/);
    const whole = await serve(
      (res) => (res.writeHead(200, { "content-type": "application/json" }), res.end(`{"error":${deep(100_000)}}`)),
    );
    const w = await once(new OpenAITarget({ ...opts(whole, { stream: false }), model: "m" }));
    expect(w.error?.kind).toBe("server_error_event");
  });

  it("negative or fractional usage counts are taken as not reported, and kept as sent", async () => {
    const usage = (u: string): string =>
      sse([
        '{"choices":[{"delta":{"content":"a"}}]}',
        '{"choices":[{"delta":{"content":"b"},"finish_reason":"stop"}]}',
        `{"choices":[],"usage":${u}}`,
        "[DONE]",
      ]);
    const answers = [
      usage('{"prompt_tokens":-7,"completion_tokens":-1000}'),
      usage('{"prompt_tokens":3,"completion_tokens":2.5}'),
    ];
    let i = 0;
    const url = await serve(
      (res) => (res.writeHead(200, { "content-type": "text/event-stream" }), res.end(answers[i++])),
    );
    const neg = await once(new OpenAITarget({ ...opts(url), model: "m" }));
    expect(neg.tokens).toMatchObject({
      input: null,
      output: 2,
      output_source: "chunks",
      output_usage: null,
      usage_rejected: { prompt_tokens: -7, completion_tokens: -1000 },
    });
    const frac = await once(new OpenAITarget({ ...opts(url), model: "m" }));
    expect(frac.tokens).toMatchObject({
      input: 3,
      output: 2,
      output_source: "chunks",
      usage_rejected: { completion_tokens: 2.5 },
    });
    const level = summarizeLevel(0, { mode: "concurrency", value: 1 }, [neg, frac]);
    // Throughput from the client's counts (a negative usage once made it negative): 4 tokens over the level.
    expect(level.tokens.output).toBe(4);
    expect(level.throughput.output_tokens_per_s).toBeCloseTo(4 / level.duration_s, 9);
    expect(level.validity.warnings).toContain(
      "2 requests: the server's usage held values that are not token counts (negative or fractional; see tokens.usage_rejected): counted by the client instead",
    );
  });
});
