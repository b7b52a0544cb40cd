import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import {
  COMPARE_CHOICE_SCHEMA,
  pairBy,
  type CandidateComparison,
  type ChoiceCompareResult,
} from "../decide/compare-choice.js";
import { UserError } from "../errors.js";
import type { VariantTag } from "../records/record.js";
import { readJsonFile, readRunJson } from "../records/run-json.js";
import { runPaths } from "../records/run-dir.js";
import { compareEvalRuns, type CompareResult } from "../standards/accuracy/compare-eval.js";
import type { BenchCompareResult } from "../standards/efficiency/compare-bench.js";
import { isChoiceDir, readChoiceDir } from "./choice-dir.js";
import { compareBenchDirs } from "./compare-bench-session.js";
import { checkEvalDir } from "./eval-dir-check.js";
import { loadEvalRunVariants } from "./eval-session.js";

/** What `compare` is asked: the baseline run, the candidate run, and the bootstrap seed. */
export interface CompareOptions {
  a: string;
  b: string;
  seed: number;
}

/** Compares two eval run directories item by item, from their records alone (no model is asked). */
export function compareRunDirs(opts: CompareOptions): CompareResult {
  const load = (dir: string) => {
    checkEvalDir(dir);
    return loadEvalRunVariants(dir);
  };
  const A = load(opts.a);
  const B = load(opts.b);
  const [oa, ob] = [A.variants[0], B.variants[0]];
  if (!oa || !ob) throw new Error("an eval plan always holds the task as written");
  const key = (v: { tag: VariantTag | null }): string => (v.tag ? `${v.tag.name}#${v.tag.seed}` : "");
  const { pairs, onlyA, onlyB } = pairBy(A.variants.slice(1), B.variants.slice(1), key);
  const result = compareEvalRuns(
    { dir: opts.a, task: A.task, ...oa },
    { dir: opts.b, task: B.task, ...ob },
    opts.seed,
    pairs.map(([va, vb]) => ({ name: va.tag?.name ?? "", a: va, b: vb })),
  );
  const unpaired = [...onlyA, ...onlyB].map((k) => k.replace("#", " seed "));
  return unpaired.length ? { ...result, perturbations_unpaired: unpaired } : result;
}

/** A comparison of two runs of one kind: eval runs item by item, bench runs level by level, whole runs stage by stage. */
export type AnyComparison =
  | { kind: "eval"; result: CompareResult; notes: string[] }
  | { kind: "bench"; result: BenchCompareResult; notes: string[] }
  | { kind: "choice"; result: ChoiceCompareResult; notes: string[]; margins: Record<string, number> };

type DirKind = AnyComparison["kind"];

const KIND_WORDS: Record<DirKind, string> = { eval: "an eval run", bench: "a bench run", choice: "an infermark run" };

/** Bench and imported runs are both load measurements; eval runs are another kind; `infermark run` directories a third. */
function kindOfDir(dir: string): DirKind {
  if (isChoiceDir(dir)) return "choice";
  return readRunJson(runPaths(dir).run).kind === "eval" ? "eval" : "bench";
}

/** The regression margins of the profile a whole run was judged under (its config.json), or none. */
function profileMargins(dir: string): Record<string, number> {
  const path = join(dir, "config.json");
  if (!existsSync(path)) return {};
  const cfg = readJsonFile(path) as { profile?: { regression_margins?: Record<string, number> } };
  return cfg.profile?.regression_margins ?? {};
}

/**
 * Compares two `infermark run` directories: candidates paired by name, each task stage item by
 * item (stages paired by directory, which names the task and its place in the config), each load
 * stage level by level. Anything only one run has is named in the result.
 */
export function compareChoiceDirs(opts: CompareOptions): {
  result: ChoiceCompareResult;
  notes: string[];
  margins: Record<string, number>;
} {
  const A = readChoiceDir(opts.a);
  const B = readChoiceDir(opts.b);
  const notes: string[] = [];
  const cands = pairBy(A.candidates, B.candidates, (c) => c.name);
  const candidates: CandidateComparison[] = cands.pairs.map(([ca, cb]) => {
    const tasks = pairBy(ca.eval_dirs, cb.eval_dirs, (d) => basename(d));
    let bench: BenchCompareResult | null = null;
    if (ca.bench_dir && cb.bench_dir) {
      const b = compareBenchDirs({ a: ca.bench_dir, b: cb.bench_dir, seed: opts.seed });
      bench = b.result;
      notes.push(...b.notes);
    }
    return {
      name: ca.name,
      tasks: tasks.pairs.map(([da, db]) => compareRunDirs({ a: da, b: db, seed: opts.seed })),
      tasks_unpaired: [...tasks.onlyA, ...tasks.onlyB],
      bench,
    };
  });
  const result: ChoiceCompareResult = {
    schema: COMPARE_CHOICE_SCHEMA,
    a: opts.a,
    b: opts.b,
    candidates,
    only_in_a: cands.onlyA,
    only_in_b: cands.onlyB,
  };
  if (candidates.length === 0)
    throw new UserError(`compare: ${opts.a} and ${opts.b} have no candidate in common (names are matched)`);
  // The candidate run's profile is the one it must still meet.
  return { result, notes, margins: profileMargins(opts.b) };
}

/** Compares two run directories of the same kind, told apart by their run.json; runs of different kinds are refused. */
export function compareAnyRunDirs(opts: CompareOptions): AnyComparison {
  const ka = kindOfDir(opts.a);
  const kb = kindOfDir(opts.b);
  if (ka !== kb)
    throw new UserError(
      `compare: ${opts.a} is ${KIND_WORDS[ka]} and ${opts.b} ${KIND_WORDS[kb]}; compare two runs of one kind (eval, bench, or whole infermark runs)`,
    );
  if (ka === "eval") return { kind: "eval", result: compareRunDirs(opts), notes: [] };
  if (ka === "choice") return { kind: "choice", ...compareChoiceDirs(opts) };
  return { kind: "bench", ...compareBenchDirs(opts) };
}
