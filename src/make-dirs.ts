import { mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UserError } from "./errors.js";

const codeOf = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

function isDir(path: string): boolean | null {
  try {
    return statSync(path).isDirectory();
  } catch {
    return null;
  }
}

/**
 * mkdir -p, one level at a time, failing with one line naming `what`. Node's recursive mkdir
 * spins forever on a path like /proc/x, whose parent exists but refuses children with ENOENT.
 */
export function makeDirs(dir: string, what: string): void {
  const missing: string[] = [];
  let d = resolve(dir);
  for (let kind = isDir(d); kind !== true; kind = isDir(d)) {
    if (kind === false) throw new UserError(`cannot create ${what} ${dir}: ${d} is not a directory`);
    missing.unshift(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  for (const m of missing) {
    try {
      mkdirSync(m);
    } catch (err) {
      if (codeOf(err) === "EEXIST" && isDir(m)) continue; // made meanwhile by another process
      throw new UserError(`cannot create ${what} ${dir} (${codeOf(err)} at ${m})`);
    }
  }
}
