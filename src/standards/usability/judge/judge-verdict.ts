import type { ChatMessage } from "../../../records/protocol.js";
import type { Pick } from "./pairwise.js";

/** How a run is judged, as run.json keeps it (never an API key: only the name of its variable). */
export type JudgeSettings = {
  mode: "single" | "pairwise";
  /** The panel: each judge's --target form and model (absent: the server's first). */
  judges: Array<{ target: string; model?: string }>;
  rubric: string;
  scale: [number, number];
  repeats: number;
  /** Pairwise: the run directory whose answers the model's are compared with. */
  baseline?: string;
  /** MT-Bench judge_prompts.jsonl, when the user asked for MT-Bench's own templates. */
  prompts?: string;
  /** Reference answers (MT-Bench reference_answer format, or {id, reference} lines). */
  reference?: string;
  apiKeyEnv?: string;
};

/** One question put to one judge (one repeat, one order), kept whole so a verdict can be audited. */
export interface JudgeCall {
  /** Index of the judge in the panel. */
  judge: number;
  repeat: number;
  /** Pairwise: whether the model's answer was shown as A (model_first) or as B; null in single grading. */
  order: "model_first" | "model_second" | null;
  prompt: ChatMessage[];
  /** The judge's raw replies: two when the first did not parse and it was asked again. */
  replies: string[];
  /** The grade read from the last reply; null when there is none (see `error`). */
  parsed: number | Pick | null;
  error: string | null;
  /** Summed over the attempts; null where the judge did not say. */
  tokens: { input: number | null; output: number };
  /** Wall time of the attempts that reached the judge (cached attempts take none). */
  latency_ms: number;
  cached: boolean;
}

/** What the judge pass says of one answer; an ungraded verdict keeps the calls that were made. */
export type JudgeVerdict =
  | { status: "graded"; mode: JudgeSettings["mode"]; calls: JudgeCall[]; model_chars: number; baseline_chars?: number }
  | { status: "ungraded"; reason: string; calls: JudgeCall[] };

export const JUDGE = "judge";
export const JUDGE_FILE = "judge.jsonl";
