import type { TargetEvent } from "./protocol.js";
import {
  RECORD_SCHEMA,
  type ChunkTokenSource,
  type LoadSpec,
  type EvalTag,
  type Phase,
  type RecordTokens,
  type RecordToolCall,
  type RequestRecord,
  type ServerTiming,
  type TokenLogprobs,
  type TokenSource,
} from "./record.js";

/** Where a record sits in the run, known before the request is sent. */
export interface RecordContext {
  id: number;
  level: number;
  load: LoadSpec;
  phase: Phase;
  item: number;
  /** Raw performance.now() of the run start: every time in the record is relative to it. */
  t0: number;
  /** Raw performance.now() when the schedule meant to send the request. */
  tIntended: number;
  /** Raw performance.now() when the scheduler released it (before any wait for a concurrency slot). */
  tReleased: number;
  /** The task item and sample, for eval runs. */
  eval?: EvalTag;
  /** Input length the workload aimed for, used when nobody counted the prompt. */
  inputTokensHint: number | null;
}

/**
 * Splits a request's output token count over its chunks when the transport only says how many
 * tokens there were in all: every chunk gets one, the rest go in proportion to each chunk's text
 * length (largest remainder, ties to the earlier chunk). Returns null when the total cannot cover
 * one token per chunk.
 */
export function splitTokensOverChunks(textLengths: number[], total: number): number[] | null {
  const n = textLengths.length;
  if (n === 0 || total < n) return null;
  const counts = new Array<number>(n).fill(1);
  let rest = total - n;
  if (rest === 0) return counts;
  const weightSum = textLengths.reduce((a, b) => a + b, 0);
  const shares = textLengths.map((len) => (weightSum > 0 ? (rest * len) / weightSum : rest / n));
  const remainders: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    const whole = Math.floor(shares[i]!);
    counts[i]! += whole;
    rest -= whole;
    remainders.push([shares[i]! - whole, i]);
  }
  remainders.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let j = 0; j < rest; j++) counts[remainders[j]![1]]! += 1;
  return counts;
}

/** Accumulates a target's events into one record; cheap enough to sit on the streaming hot path. */
export class RecordBuilder {
  private api: RequestRecord["request"]["api"] = "chat";
  private body: Record<string, unknown> = {};
  private tSent = Number.NaN;
  private readonly times: number[] = [];
  private readonly exact: Array<number | null> = [];
  private readonly lengths: number[] = [];
  private text = "";
  private reasoning = "";
  private usage: Extract<TargetEvent, { type: "usage" }> | null = null;
  private finishReason: string | null = null;
  private tEnd = Number.NaN;
  private error: RequestRecord["error"] = null;
  private serverTiming: ServerTiming | null = null;
  private logprobs: TokenLogprobs[] = [];
  // By the server's index: a Map, since a hostile index (1e9) in an array would make a billion-slot hole.
  private readonly toolCalls = new Map<number, RecordToolCall>();
  private toolBytes = 0;

  constructor(private readonly ctx: RecordContext) {}

  /** Takes one event, in order. Bound so it can be handed to a target as its `emit`. */
  readonly emit = (e: TargetEvent): void => {
    switch (e.type) {
      case "sent":
        this.api = e.api;
        this.body = e.body;
        this.tSent = e.t;
        break;
      case "token":
        this.times.push(e.t);
        this.exact.push(e.tokens);
        this.lengths.push(e.content.length + e.reasoning.length);
        this.text += e.content;
        this.reasoning += e.reasoning;
        break;
      case "usage":
        this.usage = e;
        break;
      case "finish":
        this.finishReason = e.reason;
        break;
      case "server_timing":
        this.serverTiming = e.timing;
        break;
      case "tool_call": {
        const n = this.times.length;
        // One chunk is one arrival, whatever it carries: pieces stamped with the same time share it.
        if (n > 0 && this.times[n - 1] === e.t)
          this.lengths[n - 1] = (this.lengths[n - 1] ?? 0) + e.name.length + e.arguments.length;
        else {
          this.times.push(e.t);
          this.exact.push(null);
          this.lengths.push(e.name.length + e.arguments.length);
        }
        this.toolBytes += Buffer.byteLength(e.name) + Buffer.byteLength(e.arguments);
        let call = this.toolCalls.get(e.index);
        if (call === undefined) {
          call = { id: "", function: { name: "", arguments: "" } };
          this.toolCalls.set(e.index, call);
        }
        // Servers send the id and name once, in the call's first piece; arguments come in pieces.
        if (e.id && !call.id) call.id = e.id;
        if (e.name && !call.function.name) call.function.name = e.name;
        call.function.arguments += e.arguments;
        break;
      }
      case "logprobs":
        // Only the first tokens matter (where a choice letter is); cap what a record carries.
        for (const t of e.tokens) if (this.logprobs.length < 64) this.logprobs.push(t);
        break;
      case "end":
        this.tEnd = e.t;
        break;
      case "error":
        this.tEnd = e.t;
        this.error = { kind: e.kind, message: e.message };
        if (e.status !== undefined) this.error.status = e.status;
        if (e.body !== undefined) this.error.body = e.body;
        break;
    }
  };

  /** Raw time of the last `end` or `error` event (now, if neither came). */
  get endedAt(): number {
    return Number.isNaN(this.tEnd) ? performance.now() : this.tEnd;
  }

  /** The finished record; call after the target's `send` resolved. */
  build(): RequestRecord {
    const { ctx } = this;
    const rel = (t: number): number => t - ctx.t0;
    const nChunks = this.times.length;
    const reported = this.usage?.completionTokens ?? null;
    // Every streamed token carries at least one byte of text (or is a chunk of its own): a count
    // beyond that was not seen arriving. It stays on the record as reported (a disagreement the
    // summary counts) but is never spread over the chunks, where one gap would be stored per token.
    const seen = (): number =>
      Buffer.byteLength(this.text) + Buffer.byteLength(this.reasoning) + this.toolBytes + nChunks;
    const usageOut = reported !== null && reported <= seen() ? reported : null;
    const tokenizer = this.usage?.tokenizer ?? null;
    const exactKnown = nChunks > 0 && this.exact.every((k) => k !== null);

    let perChunk: number[];
    let chunkSource: ChunkTokenSource;
    const split = usageOut !== null ? splitTokensOverChunks(this.lengths, usageOut) : null;
    if (exactKnown) {
      perChunk = this.exact.map((k) => k ?? 1);
      chunkSource = "tokenizer";
    } else if (split) {
      perChunk = split;
      chunkSource = "usage_split";
    } else {
      perChunk = new Array<number>(nChunks).fill(1);
      chunkSource = "one_per_chunk";
    }

    let output: number;
    let outputSource: TokenSource;
    // An implausible usage count is not the output length either: the client's own count is.
    if (usageOut !== null) [output, outputSource] = [usageOut, "usage"];
    else if (tokenizer) [output, outputSource] = [tokenizer.output, "tokenizer"];
    else [output, outputSource] = [perChunk.reduce((a, b) => a + b, 0), "chunks"];

    let input: number | null = null;
    let inputSource: TokenSource | null = null;
    if (this.usage?.promptTokens != null) [input, inputSource] = [this.usage.promptTokens, "usage"];
    else if (tokenizer) [input, inputSource] = [tokenizer.input, "tokenizer"];
    else if (ctx.inputTokensHint !== null) [input, inputSource] = [ctx.inputTokensHint, "workload"];

    const tokens: RecordTokens = {
      input,
      input_source: inputSource,
      output,
      output_source: outputSource,
      output_usage: reported,
      output_tokenizer: tokenizer?.output ?? null,
      output_chunks: nChunks,
      chunk_tokens: chunkSource,
      cached_input: this.usage?.cachedTokens ?? null,
      ...(this.usage?.rejected ? { usage_rejected: this.usage.rejected } : {}),
    };
    const tSent = Number.isNaN(this.tSent) ? ctx.tIntended : this.tSent;
    return {
      schema: RECORD_SCHEMA,
      id: ctx.id,
      level: ctx.level,
      load: ctx.load,
      phase: ctx.phase,
      item: ctx.item,
      request: { api: this.api, body: this.body },
      t_intended: rel(ctx.tIntended),
      t_released: rel(ctx.tReleased),
      t_sent: rel(tSent),
      t_first: nChunks > 0 ? rel(this.times[0]!) : null,
      t_last: nChunks > 0 ? rel(this.times[nChunks - 1]!) : null,
      t_end: rel(Number.isNaN(this.tEnd) ? performance.now() : this.tEnd),
      chunks: this.times.map((t, i) => [rel(t), perChunk[i]!]),
      tokens,
      finish_reason: this.finishReason,
      text: this.text,
      reasoning: this.reasoning,
      error: this.error,
      server_timing: this.serverTiming,
      ...(ctx.eval ? { eval: ctx.eval } : {}),
      ...(this.logprobs.length ? { logprobs: this.logprobs } : {}),
      // In index order; an index a server skipped leaves no hole in the list.
      ...(this.toolCalls.size ? { tool_calls: [...this.toolCalls].sort(([a], [b]) => a - b).map(([, c]) => c) } : {}),
    };
  }
}
