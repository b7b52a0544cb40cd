import { closeSync, openSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { UserError } from "../errors.js";

/**
 * Bytes read at a time. Small enough that each block's text is an ordinary young-generation string:
 * V8 puts strings over ~128 KiB in large-object space, freed only by a full collection, and 1 MiB
 * blocks left tens of MB of dead text behind while a 77 MB records file was read.
 */
const BLOCK_BYTES = 1 << 16;

/**
 * Reads a JSONL file one value at a time, handing each to `each` and keeping none: a long run's
 * records file is summarised in the memory of one record (plus a 64 KiB block), not of all of them.
 * A last line cut off by a crash is dropped and reported; a bad line anywhere else is a user error
 * naming the file and line; `parse` checks each value (a line from another tool is its error).
 */
export function forEachJsonl<T>(
  path: string,
  each: (value: T) => void,
  parse: (value: unknown, where: string) => T = (v) => v as T,
): { count: number; truncatedLastLine: boolean } {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (err) {
    throw new UserError(`cannot read ${path}: ${(err as Error).message}`);
  }
  const decoder = new StringDecoder("utf8");
  const block = Buffer.alloc(BLOCK_BYTES);
  let rest = "";
  let lineNo = 0;
  let count = 0;
  /** Parses one line; false when it is not JSON. The consumer runs outside the parse, so its own errors are not taken for bad JSON. */
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
    count++;
    each(parse(value, `${path}:${lineNo}`));
    return true;
  };
  const read = (): number => {
    try {
      return readSync(fd, block);
    } catch (err) {
      throw new UserError(`cannot read ${path}: ${(err as Error).message}`);
    }
  };
  try {
    for (let n = read(); n > 0; n = read()) {
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
  } finally {
    closeSync(fd);
  }
  // The unterminated last line may be a write cut by a crash: dropped and reported.
  return { count, truncatedLastLine: !take(rest) };
}
