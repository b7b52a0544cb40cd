import { subjectOf } from "../standards/accuracy/by-subject.js";
import { createRng, mixSeed, permutation } from "../stats/rng.js";

export { subjectOf };

/** How `--limit N` picks its N items: the first N in file order, or drawn across the items' subjects. */
export const LIMIT_MODES = ["first", "stratified"] as const;
export type LimitMode = (typeof LIMIT_MODES)[number];

/** What limiting reads of an item: its metadata, where a subject (MMLU) or category (TruthfulQA) may be. */
interface Groupable {
  metadata: Record<string, unknown>;
}

/** Stratified when the items carry subjects (a first-N cut of MMLU is one subject), first otherwise. */
export function defaultLimitMode(items: readonly Groupable[]): LimitMode {
  return items.some((it) => subjectOf(it) !== null) ? "stratified" : "first";
}

/**
 * The items `--limit` keeps, in their original order. Stratified: round-robin over the subjects,
 * taking each subject's items in file order (its first, then its second, ...), the order in which
 * subjects take turns a seeded shuffle — so a limit below the number of subjects is a seeded
 * random set of subjects, and every subject's count differs from any other's by at most one
 * unless it runs out. Items without a subject form one stratum of their own.
 */
export function limitItems<T extends Groupable>(
  items: readonly T[],
  limit: number | null,
  mode: LimitMode,
  seed: number,
): T[] {
  if (limit === null || limit >= items.length) return [...items];
  if (mode === "first") return items.slice(0, limit);
  const strata = new Map<string, number[]>();
  items.forEach((it, i) => {
    const key = subjectOf(it) ?? "";
    const list = strata.get(key);
    if (list) list.push(i);
    else strata.set(key, [i]);
  });
  const names = [...strata.keys()].sort();
  const lists = names.map((n) => strata.get(n) ?? []);
  const turn = permutation(names.length, createRng(mixSeed(seed, 0x5717))).map((j) => lists[j] ?? []);
  const picked: number[] = [];
  for (let round = 0; picked.length < limit; round++)
    for (const list of turn) {
      const i = list[round];
      if (i !== undefined && picked.length < limit) picked.push(i);
    }
  return picked
    .sort((a, b) => a - b)
    .flatMap((i) => {
      const it = items[i];
      return it === undefined ? [] : [it];
    });
}
