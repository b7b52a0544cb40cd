import type { VariantTag } from "./record.js";

/** What identifies one eval answer: item, variant and sample (an EvalTag, a verdict or a scored sample). */
export interface SampleIdentity {
  item_id: string;
  sample: number;
  variant?: VariantTag | null;
}

/** The variant of a tag; records written before variants existed carry none and are the original. */
export function variantOf(tag: { variant?: VariantTag | null }): VariantTag | null {
  return tag.variant ?? null;
}

/** True when both tags name the same variant (null: the item as written). */
export function sameVariant(a: VariantTag | null | undefined, b: VariantTag | null | undefined): boolean {
  const x = a ?? null;
  const y = b ?? null;
  return x === null || y === null ? x === y : x.name === y.name && x.seed === y.seed;
}

// Escaping the separator keeps the key injective for any item id or variant name, and leaves the
// key of an original sample what it was before variants existed (`item\0sample`).
const part = (s: string): string => s.replaceAll("\\", "\\\\").replaceAll("\u0000", "\\0");

/**
 * The one key of an eval answer, used by resume, scoring, samples.jsonl and compare: the original
 * is `item\0sample`, a variant appends `\0name\0seed`, so the two never collide.
 */
export function sampleKey(id: SampleIdentity): string {
  const base = `${part(id.item_id)}\u0000${id.sample}`;
  const v = variantOf(id);
  return v === null ? base : `${base}\u0000${part(v.name)}\u0000${v.seed}`;
}
