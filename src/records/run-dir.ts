import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.js";
import { redact } from "./jsonl.js";

/** Schema id of run.json. */
export const RUN_SCHEMA = "infermark.run/1";

/** The files of one run directory. */
export function runPaths(dir: string): { run: string; records: string; levels: string; summary: string } {
  return { run: join(dir, "run.json"), records: join(dir, "records.jsonl"), levels: join(dir, "levels.jsonl"), summary: join(dir, "summary.json") };
}

/** Creates the run directory; refuses one that already holds records, so a run never mixes with another. */
export function createRunDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  let existing = "";
  try {
    existing = readFileSync(runPaths(dir).records, "utf8");
  } catch {
    return;
  }
  if (existing.trim()) throw new UserError(`${dir} already holds a run (records.jsonl); choose another --out`);
}

/** Writes a JSON file whole, pretty-printed, with secrets redacted. */
export function writeJson(path: string, value: unknown, secrets: readonly string[] = []): void {
  writeFileSync(path, redact(JSON.stringify(value, null, 2), secrets) + "\n");
}

/** Reads a JSON file of a run directory; a missing or broken one is a user error. */
export function readJson<T>(path: string): T {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UserError(`cannot read ${path}: is this an infermark run directory?`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new UserError(`${path} is not valid JSON`);
  }
}
