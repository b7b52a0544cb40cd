import { existsSync } from "node:fs";
import type {
  ChatHistoryItem,
  ChatWrapper,
  Llama,
  LlamaContext,
  LlamaContextSequence,
  LlamaModel,
  Token,
} from "node-llama-cpp";
import { UserError } from "../errors.js";
import type { TargetCapabilities } from "./capabilities.js";
import type { ModelSource } from "./default-model.js";
import { llamaCapabilities } from "./llama-params.js";
import type { LlamaTargetInfo, PromptCounter, Target } from "./target.js";
import type { ChatMessage, GenerationRequest, TargetEvent } from "../records/protocol.js";

/** Settings of the embedded llama.cpp engine. */
export interface LlamaTargetOptions {
  modelPath: string;
  /** CPU threads for evaluation; see defaultThreads. */
  threads: number;
  /** Sequences in the one context: how many requests are decoded together. */
  parallel: number;
  /** Context size per sequence, in tokens; prompt + max_tokens beyond it fails the request. */
  ctxSize: number;
  /** Where the model path came from, when no --target named it (kept in the target info). */
  modelSource?: ModelSource;
}

function toHistory(messages: ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((m) =>
    m.role === "assistant"
      ? { type: "model", response: [m.content] }
      : m.role === "system"
        ? { type: "system", text: m.content }
        : { type: "user", text: m.content },
  );
  history.push({ type: "model", response: [] });
  return history;
}

/**
 * The embedded engine (node-llama-cpp) on a local GGUF file. Token times come from the low-level
 * `sequence.evaluate()` loop, one token per step, stamped as each token is yielded: the high-level
 * chat callbacks hold tokens back for stop-trigger detection and would delay the stamps.
 */
export class LlamaTarget implements Target {
  readonly info: LlamaTargetInfo;
  readonly capabilities: TargetCapabilities;
  private readonly free: LlamaContextSequence[];
  private readonly waiting: Array<(s: LlamaContextSequence) => void> = [];

  private constructor(
    private readonly llama: Llama,
    private readonly model: LlamaModel,
    private readonly context: LlamaContext,
    private readonly chatWrapper: () => ChatWrapper,
    opts: LlamaTargetOptions,
    loadMs: number,
  ) {
    this.free = Array.from({ length: opts.parallel }, () => context.getSequence());
    this.info = {
      kind: "llama",
      model_path: opts.modelPath,
      engine: "node-llama-cpp 3.21.1",
      gpu: false,
      threads: opts.threads,
      parallel: opts.parallel,
      ctx_size: context.contextSize,
      model_params: model.trainContextSize
        ? { train_context_size: model.trainContextSize, size_bytes: model.size }
        : null,
      load_ms: loadMs,
      rss_bytes_after_load: process.memoryUsage().rss,
      timing_source: "sequence.evaluate (one token per step)",
      ...(opts.modelSource ? { model_source: opts.modelSource } : {}),
    };
    this.capabilities = llamaCapabilities(opts.parallel);
  }

  /** Loads the model and creates one context of `parallel` sequences; a missing or corrupt GGUF is a user error. */
  static async open(opts: LlamaTargetOptions): Promise<LlamaTarget> {
    if (!existsSync(opts.modelPath)) throw new UserError(`model file not found: ${opts.modelPath}`);
    // Imported here, not at the top: loading the engine's bindings took ~0.75 s, which every CLI
    // command paid, including those that never open a model. Outside load_ms, as it was.
    const { getLlama, LlamaLogLevel, resolveChatWrapper } = await import("node-llama-cpp");
    const started = performance.now();
    // llama.cpp's own log lines are kept, not printed: a load failure becomes one line that quotes them.
    const engineLog: string[] = [];
    const llama = await getLlama({
      gpu: false,
      build: "never",
      logLevel: LlamaLogLevel.error,
      logger: (_level, message) => void engineLog.push(message.trim()),
      maxThreads: opts.threads,
    });
    let model: LlamaModel;
    try {
      model = await llama.loadModel({ modelPath: opts.modelPath });
    } catch (err) {
      await llama.dispose();
      const e = err as NodeJS.ErrnoException;
      if (e.code === "ENOENT") throw new UserError(`model file not found: ${opts.modelPath}`);
      const why =
        engineLog.find((l) => l.includes("error loading model"))?.replace(/^.*error loading model: /, "") ?? e.message;
      throw new UserError(`cannot load ${opts.modelPath} as a GGUF model (${why}); is the file complete?`);
    }
    const context = await model.createContext({
      sequences: opts.parallel,
      contextSize: opts.ctxSize,
      threads: opts.threads,
      batchSize: Math.min(opts.ctxSize, 512),
    });
    let wrapper: ChatWrapper | undefined;
    const chatWrapper = () => (wrapper ??= resolveChatWrapper(model));
    return new LlamaTarget(llama, model, context, chatWrapper, opts, performance.now() - started);
  }

  private acquire(): Promise<LlamaContextSequence> {
    const s = this.free.pop();
    if (s) return Promise.resolve(s);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(s: LlamaContextSequence): void {
    const next = this.waiting.shift();
    if (next) next(s);
    else this.free.push(s);
  }

  private promptTokens(req: GenerationRequest): Token[] {
    if (req.messages) {
      return this.chatWrapper()
        .generateContextState({ chatHistory: toHistory(req.messages) })
        .contextText.tokenize(this.model.tokenizer);
    }
    const tokens = this.model.tokenize(req.prompt ?? "");
    const bos = this.model.tokens.bos;
    return this.model.tokens.shouldPrependBosToken && bos !== null ? [bos, ...tokens] : tokens;
  }

  /** Tokens of a plain prompt exactly as `send` feeds it to the engine (BOS included where the model wants one). */
  countPromptTokens(prompt: string): number {
    return this.promptTokens({ id: "", prompt, maxTokens: 0, ignoreEos: false, params: {} }).length;
  }

  /** The engine's own tokenizer: exact for any prompt, whatever its words. */
  promptCounter(): Promise<PromptCounter> {
    return Promise.resolve({ count: (prompt) => this.countPromptTokens(prompt), by: "engine tokenizer" });
  }

  /** Never: the model is loaded once, in this thread. */
  workerSpec(): null {
    return null;
  }

  async send(req: GenerationRequest, emit: (e: TargetEvent) => void, signal: AbortSignal): Promise<void> {
    const body: Record<string, unknown> = {
      ...(req.messages ? { messages: req.messages } : { prompt: req.prompt }),
      max_tokens: req.maxTokens,
    };
    if (req.ignoreEos) body.ignore_eos = true;
    Object.assign(body, req.params);
    // Sent when handed to the engine: waiting for a free sequence is the engine's queue, so it counts
    // in TTFT (as a server's queue does), not as client-side schedule lag.
    emit({ type: "sent", t: performance.now(), api: "engine", body });
    const seq = await this.acquire();
    try {
      if (signal.aborted)
        return emit({
          type: "error",
          t: performance.now(),
          kind: "aborted",
          message: "run interrupted before the request started",
        });
      const prompt = this.promptTokens(req);
      if (prompt.length + req.maxTokens > seq.contextSize) {
        return emit({
          type: "error",
          t: performance.now(),
          kind: "context_overflow",
          message: `prompt (${prompt.length} tokens) + max_tokens (${req.maxTokens}) exceeds the context size ${seq.contextSize}; raise --ctx-size`,
        });
      }
      await seq.clearHistory();
      const p = req.params;
      const generated: Token[] = [];
      // Tokens up to here are text already; the rest end mid-character and wait for the next.
      let spoken = 0;
      let finish = "length";
      for await (const token of seq.evaluate(prompt, {
        temperature: typeof p.temperature === "number" ? p.temperature : 0,
        ...(typeof p.top_k === "number" ? { topK: p.top_k } : {}),
        ...(typeof p.top_p === "number" ? { topP: p.top_p } : {}),
        ...(typeof p.min_p === "number" ? { minP: p.min_p } : {}),
        ...(typeof p.seed === "number" ? { seed: p.seed } : {}),
      })) {
        const t = performance.now();
        if (signal.aborted)
          return emit({ type: "error", t, kind: "aborted", message: "run interrupted before the response completed" });
        if (!req.ignoreEos && this.model.isEogToken(token)) {
          finish = "stop";
          break;
        }
        generated.push(token);
        // Only the new tokens are detokenised (the last few before them decide leading spaces), so
        // a step costs the same at token 1 and token 4,000. A piece ending in U+FFFD is half a UTF-8
        // character: it stays unspoken (this step's chunk has no text) until a later token completes it.
        const piece = this.model.detokenize(
          generated.slice(spoken),
          false,
          generated.slice(Math.max(0, spoken - 8), spoken),
        );
        const held = piece.endsWith("\uFFFD") && generated.length - spoken < 4;
        if (!held) spoken = generated.length;
        emit({ type: "token", t, content: held ? "" : piece, reasoning: "", tokens: 1 });
        if (generated.length >= req.maxTokens) break;
      }
      emit({
        type: "usage",
        promptTokens: null,
        completionTokens: null,
        cachedTokens: null,
        tokenizer: { input: prompt.length, output: generated.length },
      });
      emit({ type: "finish", reason: finish });
      emit({ type: "end", t: performance.now() });
    } catch (err) {
      emit({ type: "error", t: performance.now(), kind: "engine_error", message: (err as Error).message });
    } finally {
      this.release(seq);
    }
  }

  async close(): Promise<void> {
    await this.context.dispose();
    await this.model.dispose();
    await this.llama.dispose();
  }
}
