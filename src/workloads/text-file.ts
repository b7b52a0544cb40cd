import { readFileSync } from "node:fs";

const BOM = "\uFEFF";

/** Drops a leading UTF-8 byte-order mark: Windows editors and Excel's "CSV UTF-8" write one, and JSON.parse and CSV headers choke on it. */
export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(BOM.length) : text;
}

/** Reads a user's text file (dataset, task, CSV) as UTF-8 without its byte-order mark; read errors propagate for the caller to word. */
export function readTextFile(path: string): string {
  return stripBom(readFileSync(path, "utf8"));
}
