import { UserError } from "../errors.js";
import { readTextFile } from "./text-file.js";

/** One JSON object of a JSONL file, with where it came from (`file:line`) for error messages. */
export interface JsonlObject {
  value: Record<string, unknown>;
  where: string;
  line: number;
}

/** Parses one JSONL line that must hold a JSON object; anything else is a user error naming `where`. */
export function parseObjectLine(line: string, where: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    throw new UserError(`${where}: not valid JSON`);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new UserError(`${where}: expected a JSON object`);
  return v as Record<string, unknown>;
}

/** Reads every non-empty line of a JSONL file as a JSON object; a bad line is a user error naming file:line. */
export function readJsonlObjects(path: string): JsonlObject[] {
  let text: string;
  try {
    text = readTextFile(path);
  } catch {
    throw new UserError(`cannot read ${path}: no such file or not readable`);
  }
  const out: JsonlObject[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const where = `${path}:${i + 1}`;
    out.push({ value: parseObjectLine(line, where), where, line: i + 1 });
  });
  return out;
}
