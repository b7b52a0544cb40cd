import type { VariantTag } from "./record.js";

/**
 * A record a pass could not grade: the judge failed, timed out or said nothing usable. It is
 * counted and left out of every metric the pass feeds, never scored as a failure or a success.
 */
export interface Ungraded {
  status: "ungraded";
  reason: string;
}

/** What a pass says of one record: a grade of the pass's own shape (its `status` names the outcome), or ungraded. */
export type Verdict<G extends { status: string } = { status: string }> = G | Ungraded;

/** One line of a pass's verdict file: which record it judges (and that record's item, variant, sample), then the verdict. */
export type VerdictLine<G extends { status: string } = { status: string }> = {
  record_id: number;
  item_id: string;
  sample: number;
  /** Present only for a variant's record, so lines of runs without variants keep their earlier shape. */
  variant?: VariantTag;
} & Verdict<G>;

export function isUngraded(v: { status: string }): v is Ungraded {
  return v.status === "ungraded";
}

/**
 * The verdict of each record: the last line for it, except that a graded verdict is never replaced
 * by a later ungraded one (a resumed pass retries ungraded records only).
 */
export function latestVerdicts<G extends { status: string }>(
  lines: ReadonlyArray<VerdictLine<G>>,
): Map<number, VerdictLine<G>> {
  const out = new Map<number, VerdictLine<G>>();
  for (const l of lines) {
    const prev = out.get(l.record_id);
    if (!prev || !isUngraded(l) || isUngraded(prev)) out.set(l.record_id, l);
  }
  return out;
}
