import { UserError } from "../errors.js";
import { readRunJson } from "../records/run-json.js";
import { runPaths } from "../records/run-dir.js";
import { compareEvalRuns, type CompareResult } from "../standards/accuracy/compare-eval.js";
import type { BenchCompareResult } from "../standards/efficiency/compare-bench.js";
import { compareBenchDirs } from "./compare-bench-session.js";
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

/** A comparison of two runs of one kind: eval runs item by item, bench runs level by level. */
export type AnyComparison =
  | { kind: "eval"; result: CompareResult; notes: string[] }
  | { kind: "bench"; result: BenchCompareResult; notes: string[] };

/** Bench and imported runs are both load measurements; eval runs are the other kind. */
function kindOfDir(dir: string): "eval" | "bench" {
  return readRunJson(runPaths(dir).run).kind === "eval" ? "eval" : "bench";
}

/** Compares two run directories of the same kind, told apart by their run.json; runs of different kinds are refused. */
export function compareAnyRunDirs(opts: CompareOptions): AnyComparison {
  const ka = kindOfDir(opts.a);
  const kb = kindOfDir(opts.b);
  if (ka !== kb)
    throw new UserError(
      `compare: ${opts.a} is ${ka === "eval" ? "an eval" : "a bench"} run and ${opts.b} ${kb === "eval" ? "an eval" : "a bench"} run; compare two eval runs or two bench runs`,
    );
  if (ka === "eval") return { kind: "eval", result: compareRunDirs(opts), notes: [] };
  return { kind: "bench", ...compareBenchDirs(opts) };
}
