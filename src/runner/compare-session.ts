import { compareEvalRuns, type CompareResult } from "../standards/accuracy/compare-eval.js";
import { checkEvalDir } from "./eval-dir-check.js";
import { loadEvalRun } from "./eval-session.js";

/** What `compare` is asked: the baseline run, the candidate run, and the bootstrap seed. */
export interface CompareOptions {
  a: string;
  b: string;
  seed: number;
}

/** Compares two eval run directories item by item, from their records alone (no model is asked). */
export function compareRunDirs(opts: CompareOptions): CompareResult {
  const load = (dir: string): Parameters<typeof compareEvalRuns>[0] => {
    checkEvalDir(dir);
    return { dir, ...loadEvalRun(dir) };
  };
  return compareEvalRuns(load(opts.a), load(opts.b), opts.seed);
}
