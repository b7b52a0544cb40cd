import type { GenerationRequest, TargetEvent } from "../records/protocol.js";
import type { TargetCapabilities } from "./capabilities.js";
import type { ModelSource } from "./default-model.js";
import type { OpenAITargetOptions } from "./openai.js";

/** An OpenAI-compatible HTTP server, as run.json names it. */
export type OpenAITargetInfo = {
  kind: "openai";
  base_url: string;
  api: "chat" | "completions";
  model: string;
  stream: boolean;
  /** The server's GET /models answer, whole (null when it gave none usable). */
  models: unknown;
  /** Names of the --header headers sent on every request (their values are never written). */
  headers?: string[];
};

/** The embedded engine on a GGUF file, as run.json names it. */
export type LlamaTargetInfo = {
  kind: "llama";
  model_path: string;
  engine: string;
  gpu: boolean;
  threads: number;
  parallel: number;
  ctx_size: number;
  model_params: { train_context_size: number; size_bytes: number } | null;
  load_ms: number;
  rss_bytes_after_load: number;
  timing_source: string;
  /** Where the default model came from, when no --target named one. */
  model_source?: ModelSource;
};

/** Records imported from another tool's result file (`infermark import`). */
export type ImportedTargetInfo = { kind: "imported"; tool: string; model: string | null };

/** Identity of a target, written to run.json so a result can be traced to what produced it. */
export type TargetInfo = OpenAITargetInfo | LlamaTargetInfo | ImportedTargetInfo;

/** Exact prompt token counts, and what counted them (e.g. "engine tokenizer"). */
export interface PromptCounter {
  count(prompt: string): number;
  by: string;
}

/**
 * How a worker thread reopens a target: structured-clone-able plain data. It holds the API key,
 * so it goes only to worker threads, never to disk.
 */
export type WorkerSpec = { kind: "openai"; options: OpenAITargetOptions & { model: string }; models: unknown };

/** Who answers. `send` emits events until one `end` or `error`, then resolves; it never rejects. */
export interface Target {
  readonly info: TargetInfo;
  /** What it can do; code decides on these, never on the concrete class or `info.kind`. */
  readonly capabilities: TargetCapabilities;
  /**
   * Exact token counts for prompts made of `words` (space-joined), checked on the `checks` prompts;
   * null when it cannot count them (always null when `capabilities.tokenizer` is null).
   */
  promptCounter(words: readonly string[], checks: readonly string[]): Promise<PromptCounter | null>;
  /** How `threads` worker threads each reopen this target, sharing its resources; null unless `capabilities.workerThreads`. */
  workerSpec(threads: number): WorkerSpec | null;
  send(req: GenerationRequest, emit: (e: TargetEvent) => void, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/** Everything needed to open any kind of target, as the CLI or a library caller gives it. */
export interface TargetSpec {
  /** `http(s)://host:port/v1`, `llama:PATH.gguf`, `PATH.gguf`, or undefined for the default embedded model. */
  target?: string;
  api: "chat" | "completions";
  model?: string;
  apiKey?: string;
  /** HTTP: headers sent on every request (--header); secret like the key, only their names are written. */
  headers?: Record<string, string>;
  stream: boolean;
  timeoutMs: number;
  /** Highest concurrency of the run: sizes the HTTP pool. */
  connections: number;
  threads: number;
  parallel: number;
  ctxSize: number;
  /** HTTP: most bytes one response may send (default 256 MiB). */
  maxResponseBytes?: number;
}

/**
 * One kind of target: what it can do before it is opened, how it is opened, and (when it runs on
 * worker threads) how a worker reopens it. A line of the scheme table (schemes.ts) points at one.
 */
export interface TargetKind {
  /** Names the kind; a WorkerSpec of the same `kind` is reopened by it. */
  readonly id: string;
  /** The --target forms it accepts, as errors list them: "http(s)://host:port/v1". */
  readonly forms: string;
  /** Its capabilities as the spec will open it: pure, so checks run before a slow open. */
  readonly capabilities: (spec: TargetSpec) => TargetCapabilities;
  readonly open: (spec: TargetSpec) => Promise<Target>;
  /** Rebuilds the target on a worker thread from its workerSpec; absent when it never runs there. */
  readonly reopen?: (spec: WorkerSpec) => Promise<Target>;
}
