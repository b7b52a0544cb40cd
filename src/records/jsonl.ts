import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";
import { forEachJsonl } from "./jsonl-stream.js";
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
 * Reads a JSONL file whole. A last line cut off by a crash is dropped and reported; a bad line
 * anywhere else is a user error naming the file and line. It streams the file like forEachJsonl
 * (which it is, collecting): a long run's records file can be larger than the longest string V8 can hold.
 */
export function readJsonl<T>(
  path: string,
  parse: (value: unknown, where: string) => T = (v) => v as T,
): JsonlContents<T> {
  const values: T[] = [];
  const { truncatedLastLine } = forEachJsonl<T>(path, (v) => values.push(v), parse);
  return { values, truncatedLastLine };
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
