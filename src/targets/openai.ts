import { Pool, type Dispatcher } from "undici";
import { UserError } from "../errors.js";
import { AfterIo } from "./after-io.js";
import { classifyTransportError } from "./http-errors.js";
import type { TargetCapabilities } from "./capabilities.js";
import { isThisMachine } from "./local-host.js";
import { getWithin, MODELS_MAX_BYTES, modelsDeadlineMs, parseModels } from "./models-request.js";
import { readChunk, type ChunkReading } from "./openai-chunk.js";
import { remoteWordTokenizer } from "./remote-tokenizer.js";
import { targetHeaders } from "./request-headers.js";
import { createSseParser, MAX_EVENT_BYTES } from "./sse.js";
import type { OpenAITargetInfo, PromptCounter, Target, TargetKind, TargetSpec, WorkerSpec } from "./target.js";
import type { GenerationRequest, TargetEvent } from "../records/protocol.js";

/** Settings of an OpenAI-compatible HTTP target. */
export interface OpenAITargetOptions {
  /** Base URL ending at the API root, e.g. http://127.0.0.1:8000/v1. */
  baseUrl: string;
  api: "chat" | "completions";
  /** Model id; when absent, the first id from GET /models. */
  model?: string;
  /** Sent as a bearer token; never recorded. */
  apiKey?: string;
  /** Sent on every request (--header); only their names are recorded. */
  headers?: Record<string, string>;
  stream: boolean;
  /** Per-request time limit in ms (0: none). */
  timeoutMs: number;
  /** Pool size: at least the highest concurrency of the run. */
  connections: number;
  /** Most bytes one response may send (default MAX_RESPONSE_BYTES); one SSE event at most 16 MiB of it. */
  maxResponseBytes?: number;
}

/** Default cap on one response's bytes: 256 MiB, far beyond any real completion. */
export const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

const BODY_KEEP = 4096;

/** Parses and checks a target URL; a malformed one is a user error. */
export function parseBaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError(`malformed target URL "${raw}": expected http(s)://host:port/v1`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UserError(`unsupported target URL "${raw}": expected http(s)://host:port/v1 or llama:PATH.gguf`);
  }
  return url;
}

/**
 * What an OpenAI-compatible server can do. Parameters pass through to its body and it judges them
 * (one it rejects fails as an http_4xx record); vLLM and SGLang serve Prometheus text at
 * `<origin>/metrics`, others answer 404 and are not scraped.
 */
export function openaiCapabilities(baseUrl: string): TargetCapabilities {
  return {
    name: "the OpenAI-compatible server",
    params: "any",
    logprobs: true,
    stop: true,
    toolCalls: true,
    ignoreEos: true,
    wholeResponses: true,
    slots: null,
    tokenizer: "server",
    metricsUrl: `${parseBaseUrl(baseUrl).origin}/metrics`,
    workerThreads: true,
    cpuIsClient: true,
    sharesMachine: isThisMachine(parseBaseUrl(baseUrl).hostname),
    headers: true,
  };
}

/** The events one chunk (streamed or whole) carries: output at `t`, then usage, server timing, log-probabilities, finish. */
function emitChunk(reading: Extract<ChunkReading, { kind: "chunk" }>, t: number, emit: (e: TargetEvent) => void): void {
  if (reading.content || reading.reasoning)
    emit({ type: "token", t, content: reading.content, reasoning: reading.reasoning, tokens: null });
  for (const c of reading.toolCalls) emit({ type: "tool_call", t, ...c });
  if (reading.usage) emit({ type: "usage", ...reading.usage });
  if (reading.timing) emit({ type: "server_timing", timing: reading.timing });
  if (reading.logprobs.length) emit({ type: "logprobs", tokens: reading.logprobs });
  if (reading.finishReason) emit({ type: "finish", reason: reading.finishReason });
}

/** HTTP + SSE target for vLLM, SGLang, TGI, llama.cpp server, Ollama and hosted OpenAI-compatible APIs. */
export class OpenAITarget implements Target {
  readonly info: OpenAITargetInfo;
  readonly capabilities: TargetCapabilities;
  private readonly pool: Pool;
  private readonly basePath: string;
  private includeUsage = true;
  private readonly afterIo = new AfterIo();

  constructor(
    /** The options it was built with, model resolved (worker threads rebuild the target from them). */
    readonly opts: OpenAITargetOptions & { model: string },
    models: unknown = null,
  ) {
    const url = parseBaseUrl(opts.baseUrl);
    this.basePath = url.pathname.replace(/\/+$/, "");
    this.pool = new Pool(url.origin, {
      connections: Math.max(1, opts.connections),
      pipelining: 1,
      keepAliveTimeout: 60_000,
      // Our own per-request timer decides timeouts, so undici's must never fire first.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    this.info = {
      kind: "openai",
      base_url: `${url.origin}${this.basePath}`,
      api: opts.api,
      model: opts.model,
      stream: opts.stream,
      models,
      ...(opts.headers && Object.keys(opts.headers).length > 0 ? { headers: Object.keys(opts.headers) } : {}),
    };
    this.capabilities = openaiCapabilities(opts.baseUrl);
  }

  /** The server's own counts from its /tokenize endpoint (vLLM, llama.cpp), when it has one that passes the checks. */
  async promptCounter(words: readonly string[], checks: readonly string[]): Promise<PromptCounter | null> {
    const remote = await remoteWordTokenizer(
      this.info.base_url,
      this.opts.model,
      this.opts.apiKey,
      words,
      checks,
      this.opts.headers,
    );
    return remote ? { count: remote.count, by: `server /tokenize (${remote.dialect})` } : null;
  }

  /** Each thread gets its share of the connections (rounded up), and the /models answer already asked. */
  workerSpec(threads: number): WorkerSpec {
    return {
      kind: "openai",
      options: { ...this.opts, connections: Math.ceil(this.opts.connections / threads) },
      models: this.info.models,
    };
  }

  /** Asks the server for its models (fingerprint, default model); an unreachable server is a user error. */
  static async connect(opts: OpenAITargetOptions): Promise<OpenAITarget> {
    const url = parseBaseUrl(opts.baseUrl);
    const modelsUrl = `${url.origin}${url.pathname.replace(/\/+$/, "")}/models`;
    let models: unknown = null;
    let unusable = "";
    const pool = new Pool(url.origin, { connections: 1 });
    try {
      // One deadline and a size cap for the whole exchange: a hostile server must not hold the start.
      const res = await getWithin(pool, {
        url: modelsUrl,
        path: new URL(modelsUrl).pathname,
        headers: targetHeaders(opts.apiKey, opts.headers),
        deadlineMs: modelsDeadlineMs(opts.timeoutMs),
        maxBytes: MODELS_MAX_BYTES,
      });
      if (res.status < 400) {
        const parsed = parseModels(res.text);
        if ("models" in parsed) models = parsed.models;
        else unusable = ` (${parsed.unusable})`;
      } else if (!opts.model) {
        throw new UserError(
          `GET ${modelsUrl} answered HTTP ${res.status}${res.status === 401 || res.status === 403 ? " (not authorised: check the key in --api-key-env, or the --header the server needs)" : ""}; pass --model to name the model`,
        );
      }
    } catch (err) {
      if (err instanceof UserError) throw err;
      const { message } = classifyTransportError(err, false);
      throw new UserError(`cannot reach ${modelsUrl} (${message}): is the server running and the URL right?`);
    } finally {
      // destroy, not close: close would wait for a server that never finishes its answer.
      await pool.destroy();
    }
    let model = opts.model;
    if (!model) {
      const data = (models as { data?: Array<{ id?: unknown }> } | null)?.data;
      const first = Array.isArray(data) ? data[0]?.id : undefined;
      if (typeof first !== "string") throw new UserError(`${modelsUrl} lists no model${unusable}; pass --model`);
      model = first;
    }
    return new OpenAITarget({ ...opts, model }, models);
  }

  private body(req: GenerationRequest): Record<string, unknown> {
    const body: Record<string, unknown> = { model: this.opts.model };
    if (this.opts.api === "chat") {
      body.messages = req.messages ?? [{ role: "user", content: req.prompt ?? "" }];
    } else {
      body.prompt = req.prompt ?? (req.messages ?? []).map((m) => m.content).join("\n\n");
    }
    body.max_tokens = req.maxTokens;
    if (req.ignoreEos) body.ignore_eos = true;
    body.stream = this.opts.stream;
    if (this.opts.stream && this.includeUsage) body.stream_options = { include_usage: true };
    Object.assign(body, req.params);
    return body;
  }

  send(req: GenerationRequest, emit: (e: TargetEvent) => void, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => this.attempt(req, emit, signal, resolve, true));
  }

  private attempt(
    req: GenerationRequest,
    emit: (e: TargetEvent) => void,
    signal: AbortSignal,
    resolve: () => void,
    mayRetry: boolean,
  ): void {
    const body = this.body(req);
    const stream = this.opts.stream;
    let done = false;
    let controller: Dispatcher.DispatchController | null = null;
    let mode: "sse" | "json" | "error" | "not_sse" = "sse";
    let status = 0;
    let contentType = "";
    const kept: Buffer[] = [];
    let keptLen = 0;
    let sawDone = false;
    let finishReason: string | null = null;
    let responseStarted = false;
    let received = 0;
    const maxBytes = this.opts.maxResponseBytes ?? MAX_RESPONSE_BYTES;
    const maxEvent = Math.min(MAX_EVENT_BYTES, maxBytes);
    const tooLarge = (what: string, limit: number): void =>
      fail(
        "response_too_large",
        `${what} exceeded ${limit} bytes; raise --max-response-mb if this server really sends that much`,
      );

    /** Ends this attempt: no callback after this one emits anything. */
    const release = (): void => {
      done = true;
      if (timer) clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    };
    const settle = (last: TargetEvent): void => {
      if (done) return;
      release();
      emit(last);
      resolve();
    };
    const fail = (
      kind: Extract<TargetEvent, { type: "error" }>["kind"],
      message: string,
      extra: { status?: number; body?: string } = {},
    ): void => {
      if (done) return;
      const t = performance.now();
      settle({ type: "error", t, kind, message, ...extra });
      controller?.abort(new Error(`infermark: ${kind}`));
    };
    const onAbort = (): void => fail("aborted", "run interrupted before the response completed");
    const timer =
      this.opts.timeoutMs > 0
        ? setTimeout(
            () => fail("timeout", `no complete response within ${this.opts.timeoutMs} ms`),
            this.opts.timeoutMs,
          )
        : null;
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });

    const parser = createSseParser(
      (ev) =>
        // Each event keeps the arrival time of its bytes; its JSON is read once this batch of reads is stamped.
        this.afterIo.run(() => {
          if (done) return;
          const reading = readChunk(ev.data, ev.event);
          if (reading.kind === "done") {
            sawDone = true;
            return;
          }
          if (reading.kind === "error") return fail(reading.errorKind, reading.message);
          emitChunk(reading, ev.t, emit);
          if (reading.finishReason) finishReason = reading.finishReason;
        }),
      maxEvent,
      () => tooLarge("one server-sent event", maxEvent),
    );

    const keep = (chunk: Buffer): void => {
      if (keptLen >= BODY_KEEP && mode !== "json") return;
      kept.push(chunk);
      keptLen += chunk.length;
    };
    const keptText = (): string => Buffer.concat(kept, keptLen).toString("utf8");

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart: (ctrl) => {
        controller = ctrl;
        if (done) ctrl.abort(new Error("infermark: request ended"));
      },
      onResponseStart: (_ctrl, statusCode, headers) => {
        responseStarted = true;
        status = statusCode;
        const ct = headers["content-type"];
        contentType = Array.isArray(ct) ? ct.join(",") : (ct ?? "");
        if (statusCode >= 400) mode = "error";
        else if (!stream) mode = "json";
        else if (!contentType.includes("text/event-stream")) mode = "not_sse";
        else mode = "sse";
      },
      onResponseData: (_ctrl, chunk) => {
        const t = performance.now();
        if (done) return;
        received += chunk.length;
        if (received > maxBytes) return tooLarge("the response", maxBytes);
        if (mode === "sse") parser.push(chunk, t);
        else keep(chunk);
      },
      onResponseEnd: () => {
        const t = performance.now();
        if (done) return;
        if (mode === "sse") {
          parser.end(t);
          // After the events queued by the reads (and by parser.end) have been read.
          return this.afterIo.run(() => {
            if (done) return;
            if (sawDone || finishReason) return settle({ type: "end", t });
            fail("stream_cut", "stream closed before [DONE] or a finish_reason");
          });
        }
        const text = keptText().slice(0, mode === "json" ? undefined : BODY_KEEP);
        if (mode === "error") {
          if (
            mayRetry &&
            body.stream_options !== undefined &&
            (status === 400 || status === 422) &&
            /stream_options/i.test(text)
          ) {
            // The server rejects stream_options: resend once without it and stop asking for usage.
            this.includeUsage = false;
            release();
            return this.attempt(req, emit, signal, resolve, false);
          }
          return fail(`http_${status}`, `HTTP ${status}: ${text.slice(0, 300)}`, {
            status,
            body: text.slice(0, BODY_KEEP),
          });
        }
        if (mode === "not_sse") {
          return fail("not_sse", `expected text/event-stream, got "${contentType || "no content-type"}"`, {
            status,
            body: text,
          });
        }
        const reading = readChunk(text);
        if (reading.kind !== "chunk") {
          return fail(
            reading.kind === "error" ? reading.errorKind : "malformed_chunk",
            reading.kind === "error" ? reading.message : "unexpected [DONE]",
          );
        }
        emitChunk(reading, t, emit);
        settle({ type: "end", t });
      },
      onResponseError: (_ctrl, err) => {
        if (done) return;
        const { kind, message } = classifyTransportError(err, responseStarted);
        // A cut stream keeps the chunks that arrived before the cut.
        if (mode === "sse") this.afterIo.run(() => fail(kind, message));
        else fail(kind, message);
      },
    };

    const payload = JSON.stringify(body);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: stream ? "text/event-stream" : "application/json",
      "x-request-id": req.id,
      ...targetHeaders(this.opts.apiKey, this.opts.headers),
    };
    emit({ type: "sent", t: performance.now(), api: this.opts.api, body });
    this.pool.dispatch(
      {
        path: `${this.basePath}/${this.opts.api === "chat" ? "chat/completions" : "completions"}`,
        method: "POST",
        headers,
        body: payload,
      },
      handler,
    );
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/** `http(s)://host:port/v1`: an OpenAI-compatible server, connected to (GET /models) when opened. */
export const openaiKind: TargetKind = {
  id: "openai",
  forms: "http(s)://host:port/v1",
  capabilities: (spec) => openaiCapabilities(spec.target ?? ""),
  open: (spec: TargetSpec) =>
    OpenAITarget.connect({
      baseUrl: spec.target ?? "",
      api: spec.api,
      stream: spec.stream,
      timeoutMs: spec.timeoutMs,
      connections: spec.connections,
      ...(spec.maxResponseBytes ? { maxResponseBytes: spec.maxResponseBytes } : {}),
      ...(spec.model ? { model: spec.model } : {}),
      ...(spec.apiKey ? { apiKey: spec.apiKey } : {}),
      ...(spec.headers ? { headers: spec.headers } : {}),
    }),
  reopen: (spec) => Promise.resolve(new OpenAITarget(spec.options, spec.models)),
};
