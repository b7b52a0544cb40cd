import type { ErrorKind, ServerTiming, TokenLogprobs } from "./record.js";

/*
 * The protocol between a target and the records: what is asked, and the timed events every target
 * emits. It lives with the records because a record is built from exactly these events.
 */

/** One chat turn. */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** What to ask: chat messages or a raw prompt, and how much to generate. */
export interface GenerationRequest {
  /** Correlates the request with server logs (sent as X-Request-Id over HTTP). */
  id: string;
  messages?: ChatMessage[];
  prompt?: string;
  maxTokens: number;
  /** Keep generating past end-of-sequence, where the target supports it. */
  ignoreEos: boolean;
  /** Extra request parameters (sampling, vendor options), merged into the body as given. */
  params: Record<string, unknown>;
}

/**
 * The stream of timed events every target emits, whoever answers. Times are raw
 * `performance.now()` readings taken before any parsing of the data they stamp.
 */
export type TargetEvent =
  /** The request was handed to the transport; `body` is exactly what was sent. Repeats if the target retried. */
  | { type: "sent"; t: number; api: "chat" | "completions" | "engine"; body: Record<string, unknown> }
  /** A chunk carrying output: `tokens` is its exact token count when the target knows it, else null. */
  | { type: "token"; t: number; content: string; reasoning: string; tokens: number | null }
  /** Counts the server (or engine) reported. */
  | {
      type: "usage";
      promptTokens: number | null;
      completionTokens: number | null;
      cachedTokens: number | null;
      /** Exact counts from a client-side tokenizer (embedded engine). */
      tokenizer?: { input: number; output: number };
      /** Counts the server sent that are not counts (negative, fractional), as sent: reported null above. */
      rejected?: Record<string, unknown>;
    }
  | { type: "finish"; reason: string }
  /**
   * A piece of a tool call the model is making, in a chunk that arrived at `t`: the `index`-th call
   * of the response, its id and name when this piece carries them, and the next piece of its JSON
   * arguments. Such a chunk is output like a token chunk (it is timed the same way).
   */
  | { type: "tool_call"; t: number; index: number; id: string; name: string; arguments: string }
  /** Log-probabilities of output tokens (with their top alternatives), when asked for. */
  | { type: "logprobs"; tokens: readonly TokenLogprobs[] }
  /** The server's own timing of the request (llama.cpp `timings`). */
  | { type: "server_timing"; timing: ServerTiming }
  /** The stream closed normally. */
  | { type: "end"; t: number }
  /** The request failed; no event follows. */
  | { type: "error"; t: number; kind: ErrorKind; message: string; status?: number; body?: string };
