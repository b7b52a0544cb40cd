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
  const max = row.max_tokens ?? row.output_tokens;
  if (max !== undefined) {
    if (typeof max !== "number" || !Number.isInteger(max) || max < 1)
      throw new UserError(`${where}: "max_tokens" must be a positive integer`);
    out.maxTokens = max;
  }
  return out;
}

/** Reads a ShareGPT-style conversation: its first human turn becomes the prompt. */
function parseShareGpt(v: unknown, where: string): DatasetRow | null {
  const conv = (v as { conversations?: unknown })?.conversations;
  if (!Array.isArray(conv)) throw new UserError(`${where}: ShareGPT entries need a "conversations" list`);
  for (const turn of conv as Array<{ from?: unknown; value?: unknown }>) {
    const role = typeof turn?.from === "string" ? SHAREGPT_ROLES[turn.from] : undefined;
    if (role === "user" && typeof turn.value === "string" && turn.value.trim())
      return { messages: [{ role, content: turn.value }] };
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

/** Serves dataset rows in a seeded shuffled order, cycling when more requests than rows are asked for. */
export function datasetWorkload(path: string, rows: DatasetRow[], seed: number, output: LengthSpec): Workload {
  const order = permutation(rows.length, createRng(mixSeed(seed, 0xda7a)));
  return {
    describe: { kind: "dataset", path, rows: rows.length, seed, output_tokens: output },
    item(index: number): WorkItem {
      const row = rows[order[index % rows.length]!]!;
      const maxTokens = row.maxTokens ?? drawLength(output, createRng(mixSeed(seed, index)));
      const item: WorkItem = { maxTokens, inputTokensHint: null };
      if (row.messages) item.messages = row.messages;
      else item.prompt = row.prompt!;
      return item;
    },
  };
}
