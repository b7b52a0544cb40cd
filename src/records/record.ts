/** Schema id written in every record line. */
export const RECORD_SCHEMA = "infermark.record/1";

/** Where a token count came from, most trusted first. */
export type TokenSource = "usage" | "tokenizer" | "chunks" | "workload";

/** How the per-chunk token counts in `chunks` were obtained. */
export type ChunkTokenSource = "tokenizer" | "usage_split" | "one_per_chunk";

/** Why a request failed; every kind is counted in the summary. */
export type ErrorKind =
  | "connection_refused"
  | "dns_failure"
  | "connection_error"
  | `http_${number}`
  | "not_sse"
  | "malformed_chunk"
  | "server_error_event"
  | "stream_cut"
  | "timeout"
  | "aborted"
  | "context_overflow"
  | "engine_error"
  /** The response (or one of its events) exceeded --max-response-mb; what arrived before is kept. */
  | "response_too_large"
  /** Never sent: the level ended while the request waited for a slot under --max-concurrency. */
  | "dropped";

/** How load was applied to a level: a fixed number of requests in flight, or arrivals at a rate. */
export type LoadSpec =
  | { mode: "concurrency"; value: number }
  | {
      mode: "rate";
      /** Requests per second offered. */
      value: number;
      /** `poisson`, `constant` or `gamma:CV`. */
      arrival: string;
      /** Cap on requests in flight; arrivals beyond it wait (and count as schedule lag). */
      max_concurrency: number | null;
    };

/** Which input an eval request asks: a perturbation or a prompt format of the item, with the seed it was drawn with. */
export interface VariantTag {
  name: string;
  seed: number;
}

/** Which task item, which variant of it and which of its samples an eval request answers. */
export interface EvalTag {
  task: string;
  item_id: string;
  sample: number;
  /** Null (or absent, in records from before variants existed) for the item as written. */
  variant?: VariantTag | null;
}

/** One output token and its most likely alternatives (log-probabilities), as the server reported them. */
export interface TokenLogprobs {
  token: string;
  top: Array<[string, number]>;
}

/** Where a record sits in its level: warmup and cooldown are kept for traceability and excluded from metrics. */
export type Phase = "warmup" | "measure" | "cooldown";

/** Per-request timings reported by the server itself (llama.cpp `timings`), in ms. */
export interface ServerTiming {
  prompt_ms: number | null;
  predicted_ms: number | null;
  prompt_n: number | null;
  predicted_n: number | null;
  /** Prompt tokens served from the server's cache. */
  cache_n: number | null;
}

/** A request failure, kept as data. */
export interface RecordError {
  kind: ErrorKind;
  message: string;
  /** HTTP status, when the server answered with one. */
  status?: number;
  /** Response body (truncated to 4 KiB), when the server sent one with an error status. */
  body?: string;
}

/** Token counts of one request, each with its source. */
export interface RecordTokens {
  input: number | null;
  input_source: TokenSource | null;
  output: number;
  output_source: TokenSource;
  /** `completion_tokens` as reported by the server, or null. */
  output_usage: number | null;
  /** Output tokens counted by a client-side tokenizer, or null. */
  output_tokenizer: number | null;
  /** Number of token-carrying chunks received. */
  output_chunks: number;
  /** How the per-chunk counts in `chunks` were obtained. */
  chunk_tokens: ChunkTokenSource;
  /** `prompt_tokens_details.cached_tokens` when the server reports it. */
  cached_input: number | null;
  /** Usage fields the server sent that are not token counts (negative, fractional), as sent; those counts are taken as not reported. */
  usage_rejected?: Record<string, unknown>;
}

/** One request and everything observed about it: the one source of truth for every metric. */
export interface RequestRecord {
  schema: typeof RECORD_SCHEMA;
  /** Sequence number in the run, in send order. */
  id: number;
  /** Index of the load level in the run. */
  level: number;
  load: LoadSpec;
  phase: Phase;
  /** Index of the workload item that produced the prompt. */
  item: number;
  /** The request as sent: API flavour and body (never headers, so never the API key). */
  request: { api: "chat" | "completions" | "engine"; body: Record<string, unknown> };
  /** Times in ms since run start on one monotonic clock (DESIGN.md). */
  t_intended: number;
  /** When the scheduler released the request, before any wait for a --max-concurrency slot (absent in records from before it existed). */
  t_released?: number;
  t_sent: number;
  t_first: number | null;
  t_last: number | null;
  t_end: number;
  /** Each token-carrying chunk as [arrival ms, token count]. */
  chunks: Array<[number, number]>;
  tokens: RecordTokens;
  finish_reason: string | null;
  text: string;
  /** Reasoning trace (reasoning_content / reasoning deltas), kept apart from the answer. */
  reasoning: string;
  error: RecordError | null;
  /** The tool calls the model made (OpenAI `tool_calls`), arguments as the JSON text it wrote; absent when it made none. */
  tool_calls?: RecordToolCall[];
  /** The first output tokens' top alternatives, when log-probabilities were asked for (at most 64 tokens). */
  logprobs?: TokenLogprobs[];
  /** Served from the response cache: the answer is real, the times are not (excluded from efficiency). */
  cached?: boolean;
  /** When a cached answer was first stored (ISO time), so a reader can tell how old it is. */
  cached_at?: string;
  /** The task item and sample an eval request answers. */
  eval?: EvalTag;
  /** The server's own timing of this request, when it reports one. */
  server_timing?: ServerTiming | null;
}

/** One tool call as the model made it. */
export interface RecordToolCall {
  id: string;
  function: { name: string; arguments: string };
}

/** A record of a request that completed: its `error` is null. */
export type CompletedRecord = RequestRecord & { error: null };

/** A failed record: its `error` says why. */
export type FailedRecord = RequestRecord & { error: RecordError };

/** A record of an eval request: it carries the task item and sample it answers. */
export type EvalRecord = RequestRecord & { eval: EvalTag };

/** True when the record counts as a completed request; narrows it so code after the check needs no `error` test. */
export function isCompleted<R extends RequestRecord>(r: R): r is R & CompletedRecord {
  return r.error === null;
}

/** True when the request failed; narrows it so `r.error` is known to be there. */
export function isFailed<R extends RequestRecord>(r: R): r is R & FailedRecord {
  return r.error !== null;
}

/** True when the record answers an eval item; narrows it so `r.eval` is known to be there. */
export function isEvalRecord<R extends RequestRecord>(r: R): r is R & EvalRecord {
  return r.eval !== undefined;
}

/** True when the record was a request actually sent (not dropped before sending). */
export function wasSent(r: RequestRecord): boolean {
  return r.error?.kind !== "dropped";
}
