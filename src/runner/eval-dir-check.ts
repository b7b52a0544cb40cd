import { UserError } from "../errors.js";
import { readRecords } from "../records/jsonl.js";
import { readRunJson, type EvalRunJson } from "../records/run-json.js";
import { runPaths } from "../records/run-dir.js";

/**
 * Checks an eval run directory's run.json and records.jsonl (schema ids, kind) before the eval
 * summariser reads them unchecked, so a file from another tool or a newer infermark is one line.
 * Reading the records twice costs little at eval sizes; once eval-session reads through
 * readRunJson and readRecords itself, this check can go.
 */
export function checkEvalDir(dir: string): EvalRunJson {
  const paths = runPaths(dir);
  const run = readRunJson(paths.run);
  if (run.kind !== "eval") throw new UserError(`${dir} is not an eval run`);
  readRecords(paths.records);
  return run;
}
