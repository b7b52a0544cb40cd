import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Behaviour of the built-in OpenAI-compatible mock server: known timings, injected failures. */
export interface MockServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  model: string;
  /** Time from request received (and a slot free) to the first token chunk. */
  ttftMs: number;
  /** Time between token-carrying chunks. */
  itlMs: number;
  tokensPerChunk: number;
  /** Output tokens when the request gives no max_tokens. */
  defaultTokens: number;
  /** Requests served at once; others wait in a queue (0: no limit). */
  slots: number;
  /** Every n-th request answers HTTP 500 (0: never). */
  fail500Every: number;
  /** Every n-th request has its connection cut after `dropAfterChunks` token chunks (0: never). */
  dropEvery: number;
  dropAfterChunks: number;
  /** Every n-th request sends headers and then nothing (0: never). */
  stallEvery: number;
  /** Answer 400 to any request carrying stream_options, as some servers do. */
  rejectStreamOptions: boolean;
  /** Put llama.cpp-style `timings` on the final chunk. */
  timings: boolean;
  /** A header every /v1 request must carry, as a gateway demands one (`[name, value]`; null: none): others answer 401. */
  requireHeader: [string, string] | null;
  /** Most requests the log keeps (MOCK_LOG_CAP; tests lower it). */
  logCap: number;
}

/** One request as the server saw it, on the server's own clock (ms, performance.now()). */
export interface MockLogEntry {
  id: string;
  received: number;
  firstToken: number | null;
  lastToken: number | null;
  tokens: number;
  /** When a slot was free and the request started being served (= received unless it queued). */
  admitted: number | null;
  /** When each token-carrying chunk was written, in order (the last one's time is `lastToken`). */
  chunkTimes: number[];
  /** The request body as received (null until it was read, or when it was not JSON). */
  body: Record<string, unknown> | null;
  /** The request's headers as received (names in lower case), so tests see what the client sent. */
  headers: Record<string, string>;
}

/** A running mock server. */
export interface MockServer {
  url: string;
  log: MockLogEntry[];
  close(): Promise<void>;
}

/**
 * Requests the log keeps: the most recent ones. Each entry holds the request's body, so a soak
 * against the mock (millions of requests) would otherwise run it out of memory.
 */
export const MOCK_LOG_CAP = 100_000;

export const MOCK_DEFAULTS: MockServerOptions = {
  host: "127.0.0.1",
  port: 0,
  model: "mock-model",
  ttftMs: 50,
  itlMs: 5,
  tokensPerChunk: 1,
  defaultTokens: 16,
  slots: 0,
  fail500Every: 0,
  dropEvery: 0,
  dropAfterChunks: 2,
  stallEvery: 0,
  rejectStreamOptions: false,
  timings: false,
  requireHeader: null,
  logCap: MOCK_LOG_CAP,
};

/** What the mock counts for its vLLM-style /metrics (seconds, as vLLM exposes them). */
interface MockMetrics {
  success: number;
  queueSum: number;
  queueCount: number;
  ttftSum: number;
  ttftCount: number;
  e2eSum: number;
  e2eCount: number;
}

function prometheusText(m: MockMetrics, running: number, waiting: number, model: string): string {
  const l = `{model_name="${model}"}`;
  return [
    "# TYPE vllm:num_requests_running gauge",
    `vllm:num_requests_running${l} ${running}`,
    "# TYPE vllm:num_requests_waiting gauge",
    `vllm:num_requests_waiting${l} ${waiting}`,
    "# TYPE vllm:request_success_total counter",
    `vllm:request_success_total${l} ${m.success}`,
    "# TYPE vllm:request_queue_time_seconds histogram",
    `vllm:request_queue_time_seconds_sum${l} ${m.queueSum}`,
    `vllm:request_queue_time_seconds_count${l} ${m.queueCount}`,
    "# TYPE vllm:time_to_first_token_seconds histogram",
    `vllm:time_to_first_token_seconds_sum${l} ${m.ttftSum}`,
    `vllm:time_to_first_token_seconds_count${l} ${m.ttftCount}`,
    "# TYPE vllm:e2e_request_latency_seconds histogram",
    `vllm:e2e_request_latency_seconds_sum${l} ${m.e2eSum}`,
    `vllm:e2e_request_latency_seconds_count${l} ${m.e2eCount}`,
    "",
  ].join("\n");
}

const TOKEN = " tok";

/**
 * The mock's prompt token count: whitespace-separated words of the prompt, or of every message's
 * content (a stand-in tokenizer, so `usage.prompt_tokens` follows what was sent; a real server's
 * count is its tokenizer's and adds its chat template).
 */
export function countPromptWords(body: { prompt?: unknown; messages?: unknown }): number {
  const texts: string[] = [];
  if (typeof body.prompt === "string") texts.push(body.prompt);
  else if (Array.isArray(body.prompt)) texts.push(...body.prompt.filter((p): p is string => typeof p === "string"));
  if (Array.isArray(body.messages)) {
    for (const m of body.messages as unknown[]) {
      const content = (m as { content?: unknown } | null)?.content;
      if (typeof content === "string") texts.push(content);
    }
  }
  return texts.reduce((n, t) => n + (t.match(/\S+/g)?.length ?? 0), 0);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * Starts an OpenAI-compatible server on loopback that streams real SSE with the configured
 * timings. Token times follow an absolute schedule (first + k·itl), so timer jitter never
 * accumulates; each request's own send times are logged for client-overhead measurements.
 */
export async function startMockServer(options: Partial<MockServerOptions> = {}): Promise<MockServer> {
  const o: MockServerOptions = { ...MOCK_DEFAULTS, ...options };
  const log: MockLogEntry[] = [];
  let logDropped = 0;
  let counter = 0;
  let busy = 0;
  const metrics: MockMetrics = {
    success: 0,
    queueSum: 0,
    queueCount: 0,
    ttftSum: 0,
    ttftCount: 0,
    e2eSum: 0,
    e2eCount: 0,
  };
  const queue: Array<() => void> = [];
  /** Resolves to true when the request had to wait for a slot. */
  const acquire = (): Promise<boolean> => {
    if (o.slots === 0 || busy < o.slots) {
      busy++;
      return Promise.resolve(false);
    }
    return new Promise((resolve) => queue.push(() => resolve(true)));
  };
  const release = (): void => {
    const next = queue.shift();
    if (next) next();
    else busy--;
  };

  async function completion(req: IncomingMessage, res: ServerResponse, chat: boolean): Promise<void> {
    const received = performance.now();
    const n = ++counter;
    const entry: MockLogEntry = {
      id: String(req.headers["x-request-id"] ?? n),
      received,
      admitted: null,
      firstToken: null,
      lastToken: null,
      tokens: 0,
      chunkTimes: [],
      body: null,
      headers: Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]),
      ),
    };
    log.push(entry);
    // Dropped a tenth at a time, so keeping the cap costs one splice per 10,000 requests, not one each.
    if (log.length > o.logCap * 1.1) logDropped += log.splice(0, log.length - o.logCap).length;
    const body = JSON.parse(await readBody(req)) as {
      max_tokens?: number;
      stream?: boolean;
      stream_options?: { include_usage?: boolean };
      prompt?: unknown;
      messages?: unknown;
    };
    entry.body = body;
    if (o.rejectStreamOptions && body.stream_options) {
      res.writeHead(400, { "content-type": "application/json" });
      return void res.end(
        JSON.stringify({
          error: { message: "Unrecognized request argument supplied: stream_options", type: "invalid_request_error" },
        }),
      );
    }
    if (o.fail500Every && n % o.fail500Every === 0) {
      res.writeHead(500, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ error: { message: "injected failure", type: "server_error" } }));
    }
    const total = body.max_tokens ?? o.defaultTokens;
    const id = `cmpl-${n}`;
    const created = Math.floor(Date.now() / 1000);
    const object = chat ? "chat.completion.chunk" : "text_completion";
    const choice = (text: string, finish: string | null): Record<string, unknown> =>
      chat ? { index: 0, delta: { content: text }, finish_reason: finish } : { index: 0, text, finish_reason: finish };
    const promptTokens = countPromptWords(body);
    const usage = { prompt_tokens: promptTokens, completion_tokens: total, total_tokens: promptTokens + total };
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    res.on("close", () => {
      closed = true;
      if (timer) clearTimeout(timer);
    });

    // TTFT runs from arrival (or from a slot coming free), not from after the body was parsed.
    const admitted = (await acquire()) ? performance.now() : received;
    entry.admitted = admitted;
    metrics.queueSum += (admitted - received) / 1000;
    metrics.queueCount++;
    try {
      if (closed) return;
      if (body.stream === false) {
        const due = admitted + o.ttftMs + Math.max(0, Math.ceil(total / o.tokensPerChunk) - 1) * o.itlMs;
        await new Promise<void>((r) => (timer = setTimeout(r, Math.max(0, due - performance.now()))));
        if (closed) return;
        res.writeHead(200, { "content-type": "application/json" });
        const text = TOKEN.repeat(total);
        const message = chat
          ? { index: 0, message: { role: "assistant", content: text }, finish_reason: "length" }
          : { index: 0, text, finish_reason: "length" };
        entry.firstToken = entry.lastToken = performance.now();
        entry.chunkTimes.push(entry.firstToken);
        entry.tokens = total;
        return void res.end(
          JSON.stringify({
            id,
            object: chat ? "chat.completion" : "text_completion",
            created,
            model: o.model,
            choices: [message],
            usage,
          }),
        );
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      res.socket?.setNoDelay(true);
      const send = (payload: unknown): boolean => res.write(`data: ${JSON.stringify(payload)}\n\n`);
      if (chat)
        send({
          id,
          object,
          created,
          model: o.model,
          choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }],
        });
      if (o.stallEvery && n % o.stallEvery === 0) {
        await new Promise<void>((r) => res.on("close", r));
        return;
      }
      // Every full chunk is the same bytes: serialise once, so a busy mock stays cheap per chunk.
      const frameOf = (k: number): string =>
        `data: ${JSON.stringify({ id, object, created, model: o.model, choices: [choice(TOKEN.repeat(k), null)] })}\n\n`;
      const fullFrame = frameOf(o.tokensPerChunk);
      const start = admitted + o.ttftMs;
      let sent = 0;
      let chunkNo = 0;
      let dropped = false;
      await new Promise<void>((done) => {
        const tick = (): void => {
          if (closed) return done();
          const k = Math.min(o.tokensPerChunk, total - sent);
          const frame = k === o.tokensPerChunk ? fullFrame : frameOf(k);
          chunkNo++;
          const drop = o.dropEvery !== 0 && n % o.dropEvery === 0 && chunkNo >= o.dropAfterChunks;
          // A dropped stream is cut once its last frame is flushed, so the client sees exactly dropAfterChunks chunks.
          res.write(frame, drop ? () => res.socket?.destroy() : undefined);
          const now = performance.now();
          entry.firstToken ??= now;
          entry.lastToken = now;
          entry.chunkTimes.push(now);
          sent += k;
          entry.tokens = sent;
          if (drop) {
            dropped = true;
            return done();
          }
          if (sent >= total) return done();
          timer = setTimeout(tick, Math.max(0, start + chunkNo * o.itlMs - performance.now()));
        };
        timer = setTimeout(tick, Math.max(0, start - performance.now()));
      });
      if (closed || dropped) return;
      const timings = o.timings
        ? {
            timings: {
              prompt_n: usage.prompt_tokens,
              prompt_ms: entry.firstToken! - admitted,
              predicted_n: total,
              predicted_ms: entry.lastToken! - entry.firstToken!,
              cache_n: 0,
            },
          }
        : {};
      // The closing frames go out in one write: fewer syscalls in the burst when many streams end together.
      let tail = `data: ${JSON.stringify({ id, object, created, model: o.model, choices: [choice("", "length")], ...timings })}\n\n`;
      if (body.stream_options?.include_usage)
        tail += `data: ${JSON.stringify({ id, object, created, model: o.model, choices: [], usage })}\n\n`;
      res.end(tail + "data: [DONE]\n\n");
      const now = performance.now();
      metrics.success++;
      metrics.ttftSum += (entry.firstToken! - received) / 1000;
      metrics.ttftCount++;
      metrics.e2eSum += (now - received) / 1000;
      metrics.e2eCount++;
    } finally {
      release();
    }
  }

  const server: Server = createServer({ noDelay: true, keepAliveTimeout: 60_000 }, (req, res) => {
    const path = (req.url ?? "").split("?")[0]!.replace(/^\/v1/, "");
    const required = o.requireHeader;
    if (
      required &&
      req.url?.startsWith("/v1/") &&
      path !== "/_mock/log" &&
      req.headers[required[0].toLowerCase()] !== required[1]
    ) {
      res.writeHead(401, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ error: { message: `missing or wrong ${required[0]} header` } }));
    }
    if (req.method === "GET" && path === "/models") {
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(
        JSON.stringify({ object: "list", data: [{ id: o.model, object: "model", owned_by: "infermark-mock" }] }),
      );
    }
    if (req.method === "GET" && req.url === "/metrics") {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
      return void res.end(prometheusText(metrics, busy, queue.length, o.model));
    }
    if (req.method === "GET" && path === "/_mock/log") {
      res.writeHead(200, { "content-type": "application/json", "x-mock-log-dropped": String(logDropped) });
      return void res.end(JSON.stringify(log));
    }
    if (req.method === "POST" && (path === "/chat/completions" || path === "/completions")) {
      completion(req, res, path === "/chat/completions").catch((err: Error) => {
        if (!res.headersSent) res.writeHead(400, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: err.message } }));
      });
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
  });
  await new Promise<void>((resolve) => server.listen(o.port, o.host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${o.host}:${port}/v1`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
