import type { EvalTag } from "../records/record.js";
import type { ChatMessage } from "../records/protocol.js";

/** One thing to ask: chat messages or a raw prompt, with its output budget. */
export interface WorkItem {
  messages?: ChatMessage[];
  prompt?: string;
  maxTokens: number;
  /** Input length the workload aimed for (synthetic prompts), or null when unknown. */
  inputTokensHint: number | null;
  /** Which task item and sample this request answers (eval runs). */
  eval?: EvalTag;
  /** Request parameters for this item only (e.g. a per-sample seed), merged over the run's. */
  params?: Record<string, unknown>;
}

/** A reproducible source of work items: item(i) is the same for the same seed, whatever order it is asked in. */
export interface Workload {
  /** What produced the items, for run.json. */
  describe: Record<string, unknown>;
  item(index: number): WorkItem;
}
