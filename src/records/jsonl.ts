import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { UserError } from "../errors.js";
import { RECORD_SCHEMA, type RequestRecord } from "./record.js";
import { createRedactor, type Redactor } from "./redact.js";
import { checkSchemaId } from "./schema-id.js";

/** Opens a file for appending; a place the user cannot write to is a user error, not a stack trace. */
export function openForAppend(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, "a+");
  } catch (err) {
    throw new UserError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  dropCutLastLine(fd);
  return fd;
}

/**
 * A crash mid-write leaves a last line without its newline. Appending after it would glue the next
 * value onto it and turn a dropped line (which readJsonl reports) into a broken one mid-file
 * (which it must refuse), so the cut line is truncated away before anything is appended.
 */
function dropCutLastLine(fd: number): void {
  const size = fstatSync(fd).size;
  if (size === 0) return;
  const block = Buffer.alloc(64 * 1024);
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - block.length);
    const n = readSync(fd, block, 0, end - start, start);
    const at = block.subarray(0, n).lastIndexOf(0x0a);
    if (at >= 0) {
      if (start + at + 1 < size) ftruncateSync(fd, start + at + 1);
      return;
    }
    end = start;
  }
  ftruncateSync(fd, 0);
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
 * else is a user error naming the file and line. The file is read in 1 MiB blocks, line by line:
 * a long run's records file can be larger than the longest string V8 can hold.
 */
export function readJsonl<T>(path: string, parse: (value: unknown, where: string) => T = (v) => v as T): JsonlContents<T> {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (err) {
    throw new UserError(`cannot read ${path}: ${(err as Error).message}`);
  }
  const values: T[] = [];
  const decoder = new StringDecoder("utf8");
  const block = Buffer.alloc(1 << 20);
  let rest = "";
  let lineNo = 0;
  /** Parses one line; false when it is not JSON (a line that is JSON but not what `parse` wants throws). */
  const take = (line: string): boolean => {
    lineNo++;
    const trimmed = line.trim();
    if (!trimmed) return true;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      return false;
    }
    values.push(parse(value, `${path}:${lineNo}`));
    return true;
  };
  try {
    for (let n = readSync(fd, block); n > 0; n = readSync(fd, block)) {
      const text = rest + decoder.write(block.subarray(0, n));
      let start = 0;
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", start)) {
        // A bad line that a newline ends was written whole: not a cut write, an error.
        if (!take(text.slice(start, i))) throw new UserError(`${path}:${lineNo}: not valid JSON`);
        start = i + 1;
      }
      rest = text.slice(start);
    }
    rest += decoder.end();
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`cannot read ${path}: ${(err as Error).message}`);
  } finally {
    closeSync(fd);
  }
  // The unterminated last line may be a write cut by a crash: dropped and reported.
  return { values, truncatedLastLine: !take(rest) };
}

/**
 * A parser for `readJsonl` that takes only lines carrying `schema` (e.g. infermark.record/1); any
 * other line is one user error naming the file and line. The lines are otherwise taken as they are:
 * the writer is infermark itself, and checking every field of a million records would cost more
 * than the summary.
 */
export function withSchemaId<T>(schema: string): (value: unknown, where: string) => T {
  return (value, where) => {
    checkSchemaId(where, value, schema);
    return value as T;
  };
}

/** Reads a run's records.jsonl, every line checked to be an infermark record. */
export function readRecords(path: string): JsonlContents<RequestRecord> {
  return readJsonl(path, withSchemaId<RequestRecord>(RECORD_SCHEMA));
}
