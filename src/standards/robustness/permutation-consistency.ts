import type { ItemVerdicts } from "./input.js";
import { meanMetric, type Metric, type NotApplicable } from "./metric.js";

/** The perturbation name whose variants are option orders. */
export const CHOICE_ORDER = "choice-order";

/**
 * Share of multiple-choice items for which the model chose the same option CONTENT on the
 * original and under every reordering. Letters are not compared: after a reordering the same
 * answer has another letter. An order where no option was read counts as inconsistent. Strings
 * are compared exactly — both sides are option texts taken from the item, so neither is normalised.
 */
export function permutationConsistency(items: readonly ItemVerdicts[], seed = 0): Metric | NotApplicable {
  const mc = items.filter((it) => it.variants.some((v) => v.name === CHOICE_ORDER));
  if (mc.length === 0) return { value: null, n: 0, reason: "no choice-order variants" };
  const missing = mc.filter(
    (it) => it.chosen === undefined || it.variants.some((v) => v.name === CHOICE_ORDER && v.chosen === undefined),
  ).length;
  if (missing > 0) return { value: null, n: mc.length, reason: `${missing} item(s) lack the chosen option's content` };
  const consistent = mc.map((it) => {
    const first = it.chosen;
    return first !== null &&
      first !== undefined &&
      it.variants.every((v) => v.name !== CHOICE_ORDER || v.chosen === first)
      ? 1
      : 0;
  });
  return meanMetric(consistent, seed);
}
