import type { GenerationRequest, TargetEvent } from "../records/protocol.js";


/** Identity of a target, written to run.json so a result can be traced to what produced it. */
export interface TargetInfo {
  kind: "openai" | "llama" | "imported";
  [key: string]: unknown;
}

/** Who answers. `send` emits events until one `end` or `error`, then resolves; it never rejects. */
export interface Target {
  readonly info: TargetInfo;
  /** The exact number of tokens a plain prompt becomes on this target, where its tokenizer is known (the embedded engine). */
  countPromptTokens?(prompt: string): number;
  send(req: GenerationRequest, emit: (e: TargetEvent) => void, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
