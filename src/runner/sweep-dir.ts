import { existsSync } from "node:fs";
import { readJsonFile } from "../records/run-json.js";
import { runPaths } from "../records/run-dir.js";
import { EVAL_SUMMARY_SCHEMA, type EvalSummary } from "../standards/accuracy/summarize-eval.js";

/**
 * The summary of a directory `eval --sweep-decoding` wrote (one eval run per point inside, and the
 * default point's summary with the sweep beside them), or null when `dir` is not one.
 */
export function readSweepDir(dir: string): EvalSummary | null {
  const paths = runPaths(dir);
  if (existsSync(paths.run) || !existsSync(paths.summary)) return null;
  const s = readJsonFile(paths.summary);
  if (typeof s !== "object" || s === null || (s as { schema?: unknown }).schema !== EVAL_SUMMARY_SCHEMA) return null;
  const summary = s as EvalSummary;
  return summary.tasks.some((t) => t.decoding_sweep) ? summary : null;
}
