import { accessSync, constants, readFileSync, statSync, writeFileSync, type Stats } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { UserError } from "../errors.js";
import { makeDirs } from "../make-dirs.js";
import { createRedactor } from "./redact.js";
import { readJsonFile } from "./run-json.js";

export { RUN_SCHEMA } from "./run-json.js";

/** The files of one run directory. */
export function runPaths(dir: string): {
  run: string;
  records: string;
  levels: string;
  summary: string;
  summaryCsv: string;
} {
  return {
    run: join(dir, "run.json"),
    records: join(dir, "records.jsonl"),
    levels: join(dir, "levels.jsonl"),
    summary: join(dir, "summary.json"),
    // A bench run's levels, one row each, for spreadsheets and plotting notebooks.
    summaryCsv: join(dir, "summary.csv"),
  };
}

const codeOf = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (err) {
    // ENOTDIR: a parent is a file; the walk up finds which.
    if (codeOf(err) === "ENOENT" || codeOf(err) === "ENOTDIR") return null;
    throw new UserError(`cannot use ${path} as a run directory (${codeOf(err)}): choose another --out`);
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks, without creating anything, that `dir` can hold a new run: an existing directory must be
 * writable and hold no records; a missing one must have a writable directory as its nearest
 * existing ancestor. Called before the (possibly slow, possibly failing) target is opened, so
 * a bad --out is told at once and an unreachable server leaves no directory behind.
 */
export function checkRunDir(dir: string): void {
  const s = statOrNull(dir);
  if (s) {
    if (!s.isDirectory()) throw new UserError(`${dir} exists and is not a directory: choose another --out`);
    if (!writable(dir)) throw new UserError(`${dir} is not writable: choose another --out`);
    let existing = "";
    try {
      existing = readFileSync(runPaths(dir).records, "utf8");
    } catch {
      return;
    }
    if (existing.trim()) throw new UserError(`${dir} already holds a run (records.jsonl); choose another --out`);
    return;
  }
  let ancestor = dirname(resolve(dir));
  for (;;) {
    const a = statOrNull(ancestor);
    if (a) {
      if (!a.isDirectory())
        throw new UserError(`cannot create ${dir}: ${ancestor} is not a directory; choose another --out`);
      if (!writable(ancestor))
        throw new UserError(`cannot create ${dir}: ${ancestor} is not writable; choose another --out`);
      return;
    }
    const up = dirname(ancestor);
    if (up === ancestor)
      throw new UserError(`cannot create ${dir}: no existing parent directory; choose another --out`);
    ancestor = up;
  }
}

/**
 * Creates the run directory (checked first); refuses one that already holds records, so a run
 * never mixes with another.
 */
export function createRunDir(dir: string): void {
  checkRunDir(dir);
  try {
    makeDirs(dir, "run directory");
  } catch (err) {
    throw err instanceof UserError ? new UserError(`${err.message}: choose another --out`) : err;
  }
}

/** Writes a JSON file whole, pretty-printed, with secrets redacted; a file that cannot be written is a user error. */
export function writeJson(path: string, value: unknown, secrets: readonly string[] = []): void {
  const text = createRedactor(secrets).json(value, 2) + "\n";
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new UserError(`cannot write ${path} (${codeOf(err)}): choose another --out`);
  }
}

/**
 * Checks, before a long run, that a file a flag names can be written when the run ends: not a
 * directory, in an existing writable directory. Otherwise one line naming the flag.
 */
export function checkOutputFile(path: string, flag: string): void {
  const s = statOrNull(path);
  if (s?.isDirectory()) throw new UserError(`${flag} ${path} is a directory: name a file`);
  if (s && !writable(path)) throw new UserError(`${flag} ${path} is not writable`);
  const dir = dirname(resolve(path));
  const d = statOrNull(dir);
  if (!d?.isDirectory()) throw new UserError(`${flag} ${path}: ${dir} is not an existing directory`);
  if (!writable(dir)) throw new UserError(`${flag} ${path}: ${dir} is not writable`);
}

/** Writes a text file whole (a file a flag names, or one of the run directory); one that cannot be written is a user error. */
export function writeTextFile(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new UserError(`cannot write ${path} (${codeOf(err)}): check the path and its directory`);
  }
}

/** Writes a JSONL file whole (one value per line), secrets redacted; a file that cannot be written is a user error. */
export function writeJsonLines(path: string, values: readonly unknown[], secrets: readonly string[] = []): void {
  const r = createRedactor(secrets);
  const text = values.map((v) => r.json(v) + "\n").join("");
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new UserError(`cannot write ${path} (${codeOf(err)}): choose another --out`);
  }
}

/**
 * Reads a JSON file of a run directory as whatever the caller says it is; a missing or broken one is
 * a user error. Prefer a reader that checks the file's schema id (readRunJson, readSummaryJson).
 */
export function readJson<T>(path: string): T {
  return readJsonFile(path) as T;
}
