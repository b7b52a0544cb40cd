import type { CompareResult } from "../standards/accuracy/compare-eval.js";
import type { BenchCompareResult } from "../standards/efficiency/compare-bench.js";

/** Schema id of what `infermark compare --json` prints for two whole `infermark run` directories. */
export const COMPARE_CHOICE_SCHEMA = "infermark.compare-choice/1";

/** One candidate present in both runs: each task stage compared item by item, the load stage level by level. */
export interface CandidateComparison {
  name: string;
  tasks: CompareResult[];
  /** Task stages (by directory name) that only one of the runs has, so they could not be compared. */
  tasks_unpaired: string[];
  /** Null when either run has no load stage for this candidate. */
  bench: BenchCompareResult | null;
}

/** `compare A B` of two `infermark run` directories: every candidate both ran, stage by stage. */
export interface ChoiceCompareResult {
  schema: typeof COMPARE_CHOICE_SCHEMA;
  a: string;
  b: string;
  candidates: CandidateComparison[];
  /** Candidate names only the baseline (A) or only B has. */
  only_in_a: string[];
  only_in_b: string[];
}

/** Pairs two lists by a key, in A's order; what either side has alone is named, never dropped silently. */
export function pairBy<T>(
  a: readonly T[],
  b: readonly T[],
  key: (x: T) => string,
): { pairs: Array<[T, T]>; onlyA: string[]; onlyB: string[] } {
  const inB = new Map(b.map((x) => [key(x), x]));
  const inA = new Set(a.map(key));
  const pairs: Array<[T, T]> = [];
  const onlyA: string[] = [];
  for (const x of a) {
    const y = inB.get(key(x));
    if (y === undefined) onlyA.push(key(x));
    else pairs.push([x, y]);
  }
  return { pairs, onlyA, onlyB: b.map(key).filter((k) => !inA.has(k)) };
}
