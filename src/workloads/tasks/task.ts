import type { ChatMessage } from "../../records/protocol.js";
import type { AnswerKind } from "../../standards/accuracy/extract.js";

/** One question of a task. */
export interface TaskItem {
  id: string;
  /** The question: text (rendered into the template) or ready chat messages. */
  input: string | ChatMessage[];
  /** Accepted answers: a choice letter, a number, text, or several of them. */
  targets: Array<string | number>;
  /** Answer options of a multiple-choice item, in order (A, B, ...). */
  choices: string[];
  metadata: Record<string, unknown>;
}

/** How an item becomes a prompt: system prompt, user template, few-shot examples. */
export interface PromptSpec {
  system: string | null;
  /** User message; `{input}` and `{choices}` (lettered lines) are filled in. */
  template: string;
  /** How a few-shot example's answer is written as the assistant turn; `{target}` and `{answer}` are filled in. */
  answerTemplate: string;
  /** Few-shot examples per prompt, drawn (seeded) from `fewshotPool` or the task's other items. */
  fewshot: number;
}

/** Sampling settings of a task. */
export interface GenerationSpec {
  maxTokens: number;
  temperature: number;
  stop: string[];
  /** OpenAI tool declarations sent with every request (chat API), checked when the task was read. */
  tools?: readonly unknown[];
}

/** A task: items + prompt + answer kind + metrics + generation settings. */
export interface Task {
  name: string;
  /** Where the items came from (file), for run.json. */
  source: string;
  items: TaskItem[];
  /** Solved examples for few-shot prompts (with a worked `answer` text when the dataset has one). */
  fewshotPool: Array<TaskItem & { solution?: string }>;
  prompt: PromptSpec;
  answer: AnswerKind;
  metrics: string[];
  generation: GenerationSpec;
}

export const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
