import type { ServerTiming, TokenLogprobs } from "../records/record.js";
import { jsonForMessage } from "./json-safety.js";

/** Token counts an OpenAI-compatible server reported in `usage`. */
export interface Usage {
  promptTokens: number | null;
  completionTokens: number | null;
  cachedTokens: number | null;
  /** Counts the server sent that cannot be counts (negative, fractional, not numbers), as sent; absent when all were fine. */
  rejected?: Record<string, unknown>;
}

/** What one SSE data payload (or a whole non-streamed body) says. */
export type ChunkReading =
  | { kind: "done" }
  | {
      kind: "chunk";
      content: string;
      reasoning: string;
      finishReason: string | null;
      usage: Usage | null;
      timing: ServerTiming | null;
      logprobs: readonly TokenLogprobs[];
      /** Pieces of tool calls (streamed `delta.tool_calls`, or a whole `message.tool_calls`). */
      toolCalls: readonly ToolCallPiece[];
    }
  | { kind: "error"; errorKind: "malformed_chunk" | "server_error_event"; message: string };

/** A piece of the `index`-th tool call: id and name where this piece carries them, and more of its arguments. */
export interface ToolCallPiece {
  index: number;
  id: string;
  name: string;
  arguments: string;
}

type Json = Record<string, unknown>;

// Shared by every chunk without tool calls or log-probabilities: this runs per token, and a fresh [] each time is garbage.
const NO_TOOL_CALLS: readonly ToolCallPiece[] = Object.freeze([]);
const NO_LOGPROBS: readonly TokenLogprobs[] = Object.freeze([]);

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** A token count: a non-negative integer. Anything else is treated as not reported (a negative count once gave negative throughput). */
const count = (v: unknown): number | null => (typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? v : null);

function readUsage(v: unknown): Usage | null {
  if (!isObject(v)) return null;
  const details = isObject(v.prompt_tokens_details) ? v.prompt_tokens_details : {};
  const usage: Usage = {
    promptTokens: count(v.prompt_tokens),
    completionTokens: count(v.completion_tokens),
    cachedTokens: count(details.cached_tokens),
  };
  // Kept as sent (scalars only) so the record shows what the server claimed.
  const rejected: Record<string, unknown> = {};
  const sentAs: Array<[string, unknown]> = [
    ["prompt_tokens", v.prompt_tokens],
    ["completion_tokens", v.completion_tokens],
    ["cached_tokens", details.cached_tokens],
  ];
  for (const [name, raw] of sentAs)
    if (raw !== undefined && raw !== null && count(raw) === null)
      rejected[name] = typeof raw === "object" ? jsonForMessage(raw, 100) : raw;
  if (Object.keys(rejected).length > 0) usage.rejected = rejected;
  return usage;
}

/** llama.cpp server's per-request `timings` (prompt and generation time, in ms). */
function readTimings(v: unknown): ServerTiming | null {
  if (!isObject(v)) return null;
  const ms = (x: unknown): number | null => {
    const n = num(x);
    return n !== null && n >= 0 ? n : null;
  };
  const t = {
    prompt_ms: ms(v.prompt_ms),
    predicted_ms: ms(v.predicted_ms),
    prompt_n: count(v.prompt_n),
    predicted_n: count(v.predicted_n),
    cache_n: count(v.cache_n),
  };
  return t.prompt_ms === null && t.predicted_ms === null ? null : t;
}

/** Per-token top alternatives: chat `logprobs.content[].top_logprobs`, or completions `logprobs.tokens` + `top_logprobs`. */
function readLogprobs(v: unknown): readonly TokenLogprobs[] {
  if (!isObject(v)) return NO_LOGPROBS;
  if (Array.isArray(v.content)) {
    return (v.content as unknown[]).filter(isObject).map((t) => ({
      token: str(t.token),
      top: Array.isArray(t.top_logprobs)
        ? (t.top_logprobs as unknown[])
            .filter(isObject)
            .map((a): [string, number] => [str(a.token), num(a.logprob) ?? -Infinity])
        : [],
    }));
  }
  if (Array.isArray(v.tokens)) {
    const tops = Array.isArray(v.top_logprobs) ? (v.top_logprobs as unknown[]) : [];
    return (v.tokens as unknown[]).map((tok, i) => ({
      token: str(tok),
      top: isObject(tops[i])
        ? Object.entries(tops[i]).map(([k, lp]): [string, number] => [k, num(lp) ?? -Infinity])
        : [],
    }));
  }
  return NO_LOGPROBS;
}

/** `tool_calls` of a delta or message; a whole message's calls have no `index`, so their position is it. */
function readToolCalls(v: unknown): readonly ToolCallPiece[] {
  if (!Array.isArray(v)) return NO_TOOL_CALLS;
  return v.filter(isObject).map((c, i) => {
    const fn = isObject(c.function) ? c.function : {};
    const args = fn.arguments;
    return {
      index: typeof c.index === "number" && Number.isSafeInteger(c.index) && c.index >= 0 ? c.index : i,
      id: str(c.id),
      name: str(fn.name),
      // Some servers send a whole message's arguments as an object rather than its JSON text.
      arguments: typeof args === "string" ? args : isObject(args) ? JSON.stringify(args) : "",
    };
  });
}

function errorMessage(v: unknown): string {
  if (isObject(v)) return str(v.message) || jsonForMessage(v);
  return str(v) || jsonForMessage(v);
}

/**
 * Reads one chat or completions payload, streamed (`delta`) or whole (`message`). Reasoning comes
 * from `reasoning_content` (vLLM, DeepSeek) or `reasoning` (OpenRouter, newer vLLM), kept apart from content.
 */
export function readChunk(data: string, sseEvent = "message"): ChunkReading {
  const trimmed = data.trim();
  if (trimmed === "[DONE]") return { kind: "done" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    if (sseEvent === "error") return { kind: "error", errorKind: "server_error_event", message: trimmed.slice(0, 500) };
    return { kind: "error", errorKind: "malformed_chunk", message: `not JSON: ${trimmed.slice(0, 200)}` };
  }
  if (!isObject(parsed))
    return { kind: "error", errorKind: "malformed_chunk", message: `not a JSON object: ${trimmed.slice(0, 200)}` };
  if (sseEvent === "error" || parsed.error !== undefined || parsed.object === "error") {
    return {
      kind: "error",
      errorKind: "server_error_event",
      message: errorMessage(parsed.error ?? parsed.message ?? parsed),
    };
  }
  let content = "";
  let reasoning = "";
  let finishReason: string | null = null;
  let logprobs: readonly TokenLogprobs[] = NO_LOGPROBS;
  let toolCalls: readonly ToolCallPiece[] = NO_TOOL_CALLS;
  const choices = Array.isArray(parsed.choices) ? (parsed.choices as unknown[]) : [];
  const choice = choices[0];
  if (isObject(choice)) {
    const delta = isObject(choice.delta) ? choice.delta : isObject(choice.message) ? choice.message : null;
    if (delta) {
      content = str(delta.content);
      reasoning = str(delta.reasoning_content) || str(delta.reasoning);
      toolCalls = readToolCalls(delta.tool_calls);
    } else {
      content = str(choice.text);
    }
    finishReason = typeof choice.finish_reason === "string" ? choice.finish_reason : null;
    logprobs = readLogprobs(choice.logprobs);
  }
  return {
    kind: "chunk",
    content,
    reasoning,
    finishReason,
    usage: readUsage(parsed.usage),
    timing: readTimings(parsed.timings),
    logprobs,
    toolCalls,
  };
}
