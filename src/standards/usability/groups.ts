import type { Measure } from "./measure.js";

export interface GroupMean {
  /** Mean over the groups where the metric applied; null when none did. */
  value: number | null;
  /** Groups averaged. */
  n: number;
  /** Groups where the metric did not apply, with the reason. */
  leftOut: { group: string; reason: string }[];
}

/**
 * A set-level metric (distinct-n, Self-BLEU, compression) computed within each group — e.g. over
 * the K samples of one item — and averaged over groups, so diversity across samples of one prompt
 * is not mixed up with diversity across prompts.
 */
export function meanOverGroups<T>(
  groups: ReadonlyMap<string, readonly T[]>,
  metric: (members: readonly T[]) => Measure,
): GroupMean {
  let sum = 0;
  let n = 0;
  const leftOut: { group: string; reason: string }[] = [];
  for (const [group, members] of groups) {
    const m = metric(members);
    if (m.value === null) {
      leftOut.push({ group, reason: m.reason });
      continue;
    }
    sum += m.value;
    n++;
  }
  return { value: n === 0 ? null : sum / n, n, leftOut };
}
