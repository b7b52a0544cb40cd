import type { SampleVerdict } from "../standards/accuracy/summarize-eval.js";
import type { ItemVerdicts, VariantVerdict } from "../standards/robustness/input.js";
import { perturbationNamed } from "../perturb/spec.js";
import { LETTERS } from "../workloads/tasks/task.js";
import type { PlannedVariant } from "./eval-plan.js";

/** A variant's name as perturbation spec and table name: "choice-order:3#1" → spec "choice-order:3", name "choice-order". */
function specOf(variantName: string): { spec: string; name: string } {
  const spec = variantName.replace(/#\d+$/, "");
  return { spec, name: spec.split(":")[0] ?? spec };
}

/**
 * The robustness input of a run: per item, its original verdict on the task's first metric and its
 * verdict under each variant — each the mean over the item's samples, so K samples weigh one item
 * once — with the content of the option chosen (first sample) for permutation consistency.
 * Items or variants that no sample scored are left out (they are not wrong, just unanswered).
 */
export function robustnessItems(
  plan: readonly PlannedVariant[],
  verdicts: readonly SampleVerdict[],
  metric: string,
): ItemVerdicts[] {
  const choicesOf = new Map<string, Map<string, string[]>>();
  for (const v of plan) choicesOf.set(v.tag?.name ?? "", new Map(v.task.items.map((it) => [it.id, it.choices])));
  // item id → variant name ("" for the original) → the item's samples under that variant.
  const byItem = new Map<string, Map<string, { sum: number; n: number; chosen: string | null | undefined }>>();
  for (const s of verdicts) {
    const score = s.scores[metric];
    if (score === null || score === undefined) continue;
    const perVariant =
      byItem.get(s.item_id) ?? new Map<string, { sum: number; n: number; chosen: string | null | undefined }>();
    byItem.set(s.item_id, perVariant);
    const acc = perVariant.get(s.variant?.name ?? "") ?? { sum: 0, n: 0, chosen: undefined };
    if (acc.chosen === undefined) {
      const choices = choicesOf.get(s.variant?.name ?? "")?.get(s.item_id) ?? [];
      const at = s.answer === null ? -1 : LETTERS.indexOf(s.answer);
      acc.chosen = choices.length === 0 ? undefined : at >= 0 ? (choices[at] ?? null) : null;
    }
    acc.sum += score;
    acc.n += 1;
    perVariant.set(s.variant?.name ?? "", acc);
  }
  const original = plan.find((p) => p.tag === null);
  const out: ItemVerdicts[] = [];
  for (const item of original?.task.items ?? []) {
    const perVariant = byItem.get(item.id);
    const o = perVariant?.get("");
    if (!o) continue;
    const variants: VariantVerdict[] = [];
    for (const v of plan) {
      if (!v.tag) continue;
      const got = perVariant?.get(v.tag.name);
      if (!got) continue;
      const { spec, name } = specOf(v.tag.name);
      variants.push({
        perturbation: spec,
        name,
        family: perturbationNamed(name)?.family ?? "other",
        variant: v.tag.name,
        verdict: got.sum / got.n,
        ...(got.chosen !== undefined ? { chosen: got.chosen } : {}),
      });
    }
    out.push({
      item: item.id,
      original: o.sum / o.n,
      ...(o.chosen !== undefined ? { chosen: o.chosen } : {}),
      variants,
    });
  }
  return out;
}
