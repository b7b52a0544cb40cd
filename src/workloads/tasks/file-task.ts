import { basename, extname } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { UserError } from "../../errors.js";
import { targetLetter } from "../../standards/accuracy/choice-target.js";
import type { AnswerKind } from "../../standards/accuracy/extract.js";
import type { ChatMessage } from "../../records/protocol.js";
import { readJsonlObjects } from "../jsonl-file.js";
import { readTextFile } from "../text-file.js";
import { type Task, type TaskItem } from "./task.js";

const ROLES = new Set(["system", "user", "assistant"]);

function readRows(path: string): Array<{ row: Record<string, unknown>; where: string }> {
  if (extname(path).toLowerCase() !== ".csv")
    return readJsonlObjects(path).map(({ value, where }) => ({ row: value, where }));
  let records: Array<Record<string, string>>;
  try {
    records = parseCsv<Record<string, string>>(readTextFile(path), { columns: true, skip_empty_lines: true });
  } catch (err) {
    throw new UserError(`cannot read ${path} as CSV with a header row: ${(err as Error).message}`);
  }
  // CSV cells are text: `choices` and list targets may be JSON arrays or "a | b | c".
  const list = (v: string | undefined): unknown => {
    if (v === undefined || v === "") return undefined;
    if (v.startsWith("[")) {
      try {
        return JSON.parse(v) as unknown;
      } catch {
        return v;
      }
    }
    return v.includes(" | ") ? v.split(" | ") : v;
  };
  return records.map((r, i) => ({
    row: { ...r, choices: list(r.choices), target: list(r.target) },
    where: `${path}:${i + 2}`,
  }));
}

function parseInput(v: unknown, where: string): string | ChatMessage[] {
  if (typeof v === "string") return v;
  if (
    Array.isArray(v) &&
    v.length > 0 &&
    v.every((m: unknown) => typeof (m as ChatMessage)?.content === "string" && ROLES.has((m as ChatMessage)?.role))
  )
    return v as ChatMessage[];
  throw new UserError(`${where}: "input" must be a string or a list of {role, content} messages`);
}

function parseTargets(v: unknown, where: string): Array<string | number> {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0 || !list.every((t) => typeof t === "string" || typeof t === "number"))
    throw new UserError(`${where}: "target" must be a string, a number or a list of accepted answers`);
  return list;
}

/** Items of a plain JSONL or CSV file: `input`, `target`, optional `choices`, `id`, `metadata`. */
export function readTaskItems(path: string): TaskItem[] {
  const seen = new Set<string>();
  return readRows(path).map(({ row, where }, i) => {
    const choices = row.choices === undefined ? [] : Array.isArray(row.choices) ? row.choices.map(String) : null;
    if (choices === null) throw new UserError(`${where}: "choices" must be a list`);
    if (row.id !== undefined && typeof row.id !== "string" && typeof row.id !== "number")
      throw new UserError(`${where}: "id" must be a string or a number`);
    const id = row.id === undefined ? String(i) : String(row.id);
    if (seen.has(id)) throw new UserError(`${where}: duplicate id "${id}"`);
    seen.add(id);
    let targets = parseTargets(row.target, where);
    // A choice target may be given as a letter, a 0-based index (a number, or digits in a CSV cell)
    // or the option's text: store letters. One that names no option is kept as written, and the
    // choice metric reports it as not scored.
    if (choices.length > 0) {
      targets = targets.map((t) => {
        const r = targetLetter(t, choices);
        return "letter" in r ? r.letter : t;
      });
    }
    const metadata =
      typeof row.metadata === "object" && row.metadata !== null ? (row.metadata as Record<string, unknown>) : {};
    return { id, input: parseInput(row.input, where), targets, choices, metadata };
  });
}

/** The answer kind a set of metrics reads, given whether items have choices. */
export function inferAnswerKind(metrics: readonly string[], items: readonly TaskItem[]): AnswerKind {
  if (metrics.some((m) => m === "choice") || items.some((i) => i.choices.length > 0)) return "choice";
  if (metrics.some((m) => m.startsWith("numeric"))) return "number";
  return "text";
}

/** Default metric for a plain file: choice with options, numeric when every target is a number, else exact. */
function defaultMetrics(items: readonly TaskItem[]): string[] {
  if (items.some((i) => i.choices.length > 0)) return ["choice"];
  if (items.every((i) => i.targets.every((t) => typeof t === "number" || /^-?\d+(\.\d+)?$/.test(String(t).trim()))))
    return ["numeric"];
  return ["exact"];
}

/** A task inferred from a plain JSONL/CSV file; `--scorer` names its metrics. */
export function fileTask(path: string, scorers: readonly string[]): Task {
  const items = readTaskItems(path);
  if (items.length === 0) throw new UserError(`${path} has no rows`);
  const metrics = scorers.length ? [...scorers] : defaultMetrics(items);
  // Items without options cannot be scored by letter; some of them is a warning in the summary, all of them a mistake.
  if (metrics.some((m) => m === "choice" || m === "choice_logprob") && items.every((i) => i.choices.length === 0))
    throw new UserError(`${path}: --scorer choice needs items with "choices" (a list of options); none has any`);
  const answer = inferAnswerKind(metrics, items);
  return {
    name: basename(path).replace(/\.(jsonl|csv|json)$/i, ""),
    source: path,
    items,
    fewshotPool: items,
    prompt: {
      system: null,
      template:
        answer === "choice"
          ? '{input}\n\n{choices}\n\nAnswer with the letter of the correct option, as "Answer: X".'
          : answer === "number"
            ? '{input}\nGive the final answer as "Answer: N".'
            : "{input}",
      answerTemplate: answer === "choice" || answer === "number" ? "Answer: {target}" : "{target}",
      fewshot: 0,
    },
    answer,
    metrics,
    generation: { maxTokens: answer === "text" ? 256 : answer === "choice" ? 32 : 512, temperature: 0, stop: [] },
  };
}
