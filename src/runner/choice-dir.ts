import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { CHOICE_SCHEMA, type ChoiceSummary } from "../decide/choice.js";
import { readJsonFile } from "../records/run-json.js";
import { runPaths } from "../records/run-dir.js";
import { checkSchemaId } from "../records/schema-id.js";

/**
 * A directory `infermark run` wrote: summary.json of the choice and one folder per candidate, but
 * no run.json of its own (each stage's run directory inside has one).
 */
export function isChoiceDir(dir: string): boolean {
  const paths = runPaths(dir);
  if (existsSync(paths.run) || !existsSync(paths.summary)) return false;
  const s = readJsonFile(paths.summary);
  return typeof s === "object" && s !== null && (s as { schema?: unknown }).schema === CHOICE_SCHEMA;
}

/**
 * Where a stage's run directory is now: `run` lays them out as OUT/CANDIDATE/STAGE, and summary.json
 * names them as they were reached from the shell that ran it. Rebasing the last two parts onto
 * the choice directory keeps a moved, copied or differently-reached run readable.
 */
function rebase(choiceDir: string, stageDir: string): string {
  return join(choiceDir, basename(dirname(stageDir)), basename(stageDir));
}

/** Reads a choice directory's summary.json (its schema id checked), with every stage directory rebased onto `dir`. */
export function readChoiceDir(dir: string): ChoiceSummary {
  const path = runPaths(dir).summary;
  const s = readJsonFile(path);
  checkSchemaId(path, s, CHOICE_SCHEMA);
  const summary = s as ChoiceSummary;
  return {
    ...summary,
    candidates: summary.candidates.map((c) => ({
      ...c,
      eval_dirs: c.eval_dirs.map((d) => rebase(dir, d)),
      bench_dir: c.bench_dir === null ? null : rebase(dir, c.bench_dir),
    })),
  };
}
