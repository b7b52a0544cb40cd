import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import { UserError } from "../errors.js";
import { createRedactor, type Redactor } from "./redact.js";

/** Opens a file for appending; a place the user cannot write to is a user error, not a stack trace. */
export function openForAppend(path: string): number {
  try {
    return openSync(path, "a");
  } catch (err) {
    throw new UserError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Appends one JSON value per line, each written through to the OS before `append` returns, so a crash loses nothing. */
export class JsonlWriter {
  private fd: number | null;
  private readonly redactor: Redactor;

  constructor(
    readonly path: string,
    secrets: readonly string[] = [],
  ) {
    this.redactor = createRedactor(secrets);
    this.fd = openForAppend(path);
  }

  append(value: unknown): void {
    if (this.fd === null) throw new Error(`${this.path} is closed`);
    writeSync(this.fd, this.redactor.json(value) + "\n");
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** What reading a JSONL file found: its values and, if the last line was cut mid-write, a note saying so. */
export interface JsonlContents<T> {
  values: T[];
  truncatedLastLine: boolean;
}

/**
 * Reads a JSONL file. A last line cut off by a crash is dropped and reported; a bad line anywhere
 * else is a user error naming the file and line.
 */
export function readJsonl<T>(path: string): JsonlContents<T> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UserError(`cannot read ${path}: ${(err as Error).message}`);
  }
  const lines = text.split("\n");
  const values: T[] = [];
  let truncatedLastLine = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    try {
      values.push(JSON.parse(line) as T);
    } catch {
      const isLast = lines.slice(i + 1).every((l) => l.trim() === "");
      if (isLast && !text.endsWith("\n")) {
        truncatedLastLine = true;
        continue;
      }
      throw new UserError(`${path}:${i + 1}: not valid JSON`);
    }
  }
  return { values, truncatedLastLine };
}
