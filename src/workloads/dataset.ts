import { UserError } from "../errors.js";
import type { ChatMessage } from "../records/protocol.js";
import { drawLength, type LengthSpec } from "./length.js";
import { createRng, mixSeed, permutation } from "../stats/rng.js";
import { parseObjectLine } from "./jsonl-file.js";
import { readTextFile } from "./text-file.js";
import type { Workload, WorkItem } from "./workload.js";

/** A prompt read from a dataset file, before output lengths are drawn. */
export interface DatasetRow {
  messages?: ChatMessage[];
  prompt?: string;
  maxTokens?: number;
  /** The dataset's own answer to the prompt (ShareGPT's next gpt turn, a JSONL `reply`), for `--output-tokens dataset`. */
  reply?: string;
}

/** Output lengths that follow each row's own reply, as vLLM's benchmark does with ShareGPT. */
export const FROM_DATASET = "dataset";

/** How long each request's output may be: drawn from a length spec, or each row's own reply length. */
export type OutputSpec = LengthSpec | typeof FROM_DATASET;

/**
 * A reply's length in tokens, counted as synthetic prompts are sized without the target's
 * tokenizer: one token per whitespace-separated word. English prose runs nearer 1.3 tokens a word
 * in GPT/Llama vocabularies, so this budget is the lower of the two (docs/cli.md says so).
 */
export function replyTokens(reply: string): number {
  return Math.max(1, reply.match(/\S+/g)?.length ?? 0);
}

const ROLES = new Set(["system", "user", "assistant"]);
const SHAREGPT_ROLES: Record<string, ChatMessage["role"]> = {
  human: "user",
  user: "user",
  gpt: "assistant",
  assistant: "assistant",
  system: "system",
};

function parseMessages(v: unknown, where: string): ChatMessage[] {
  if (!Array.isArray(v) || v.length === 0)
    throw new UserError(`${where}: "messages" must be a non-empty list of {role, content}`);
  return v.map((m: unknown, i) => {
    const msg = m as { role?: unknown; content?: unknown };
    if (typeof msg?.role !== "string" || !ROLES.has(msg.role) || typeof msg.content !== "string") {
      throw new UserError(`${where}: messages[${i}] must be {"role": "system"|"user"|"assistant", "content": string}`);
    }
    return { role: msg.role as ChatMessage["role"], content: msg.content };
  });
}

/** Reads one row with a `prompt` string or a `messages` list, and an optional `max_tokens`. */
function parseRow(row: Record<string, unknown>, where: string): DatasetRow {
  const out: DatasetRow = {};
  if (typeof row.prompt === "string") out.prompt = row.prompt;
  else if (row.messages !== undefined) out.messages = parseMessages(row.messages, where);
  else throw new UserError(`${where}: needs a "prompt" string or a "messages" list`);
  if (row.reply !== undefined) {
    if (typeof row.reply !== "string") throw new UserError(`${where}: "reply" must be a string`);
    out.reply = row.reply;
  }
  const max = row.max_tokens ?? row.output_tokens;
  if (max !== undefined) {
    if (typeof max !== "number" || !Number.isInteger(max) || max < 1)
      throw new UserError(`${where}: "max_tokens" must be a positive integer`);
    out.maxTokens = max;
  }
  return out;
}

/** Reads a ShareGPT-style conversation: its first human turn becomes the prompt, the turn after it (the model's) its reply. */
function parseShareGpt(v: unknown, where: string): DatasetRow | null {
  const conv = (v as { conversations?: unknown })?.conversations;
  if (!Array.isArray(conv)) throw new UserError(`${where}: ShareGPT entries need a "conversations" list`);
  const turns = conv as Array<{ from?: unknown; value?: unknown }>;
  const roleOf = (turn: { from?: unknown } | undefined): ChatMessage["role"] | undefined =>
    typeof turn?.from === "string" ? SHAREGPT_ROLES[turn.from] : undefined;
  for (const [i, turn] of turns.entries()) {
    if (roleOf(turn) === "user" && typeof turn.value === "string" && turn.value.trim()) {
      const row: DatasetRow = { messages: [{ role: "user", content: turn.value }] };
      const next = turns[i + 1];
      if (roleOf(next) === "assistant" && typeof next?.value === "string") row.reply = next.value;
      return row;
    }
  }
  return null; // a conversation with no human turn has nothing to ask
}

/** Loads a dataset file: JSONL rows, or a JSON array of ShareGPT conversations (or of JSONL-style rows). */
export function loadDatasetRows(path: string): DatasetRow[] {
  let text: string;
  try {
    text = readTextFile(path);
  } catch (err) {
    throw new UserError(
      `cannot read dataset ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  const rows: DatasetRow[] = [];
  if (text.trimStart().startsWith("[")) {
    let arr: unknown;
    try {
      arr = JSON.parse(text);
    } catch {
      throw new UserError(`${path}: not valid JSON (expected a JSON array or JSONL)`);
    }
    (arr as unknown[]).forEach((entry, i) => {
      const where = `${path}: entry ${i}`;
      const isShareGpt = typeof entry === "object" && entry !== null && "conversations" in entry;
      if (typeof entry !== "object" || entry === null || Array.isArray(entry))
        throw new UserError(`${where}: expected a JSON object`);
      const row = isShareGpt ? parseShareGpt(entry, where) : parseRow(entry as Record<string, unknown>, where);
      if (row) rows.push(row);
    });
  } else {
    text.split("\n").forEach((line, i) => {
      if (line.trim()) rows.push(parseRow(parseObjectLine(line, `${path}:${i + 1}`), `${path}:${i + 1}`));
    });
  }
  if (rows.length === 0) throw new UserError(`${path}: no prompts found`);
  return rows;
}

/** A row whose reply sets its output budget. */
type RowWithReply = DatasetRow & { reply: string };
const hasReply = (r: DatasetRow): r is RowWithReply => r.reply !== undefined;

/**
 * The rows `--output-tokens dataset` can use: those with a reply (or their own max_tokens). A
 * conversation without a model turn is left out, as vLLM's benchmark leaves it out, and counted
 * in run.json; a file with none at all is a user error.
 */
function rowsWithOutput(path: string, rows: DatasetRow[]): { rows: DatasetRow[]; skipped: number } {
  const usable = rows.filter((r) => r.maxTokens !== undefined || hasReply(r));
  if (usable.length === 0)
    throw new UserError(
      `--output-tokens dataset: ${path} has no replies (ShareGPT: a gpt turn after the human one; JSONL: a "reply" string or "max_tokens"); give --output-tokens N instead`,
    );
  return { rows: usable, skipped: rows.length - usable.length };
}

/** Serves dataset rows in a seeded shuffled order, cycling when more requests than rows are asked for. */
export function datasetWorkload(path: string, allRows: DatasetRow[], seed: number, output: OutputSpec): Workload {
  const { rows, skipped } = output === FROM_DATASET ? rowsWithOutput(path, allRows) : { rows: allRows, skipped: 0 };
  const order = permutation(rows.length, createRng(mixSeed(seed, 0xda7a)));
  const budget = (row: DatasetRow, index: number): number => {
    if (row.maxTokens !== undefined) return row.maxTokens;
    if (output !== FROM_DATASET) return drawLength(output, createRng(mixSeed(seed, index)));
    return replyTokens(row.reply ?? "");
  };
  return {
    describe: {
      kind: "dataset",
      path,
      rows: rows.length,
      seed,
      output_tokens: output,
      ...(output === FROM_DATASET
        ? { output_tokens_counted_by: "words of each reply (approximate)", rows_without_reply: skipped }
        : {}),
    },
    item(index: number): WorkItem {
      const row = rows[order[index % rows.length]!]!;
      const maxTokens = budget(row, index);
      const item: WorkItem = { maxTokens, inputTokensHint: null };
      if (row.messages) item.messages = row.messages;
      else item.prompt = row.prompt!;
      return item;
    },
  };
}
