import type { ItemVerdicts } from "./input.js";
import { meanMetric, type Metric, type NotApplicable } from "./metric.js";

/**
 * HELM's worst-case accuracy: per item, the minimum verdict over the original and every variant;
 * then the mean over items. An item without variants counts with its original verdict.
 */
export function worstCase(items: readonly ItemVerdicts[], seed = 0): Metric | NotApplicable {
  if (items.length === 0) return { value: null, n: 0, reason: "no items" };
  return meanMetric(
    items.map((it) => Math.min(it.original, ...it.variants.map((v) => v.verdict))),
    seed,
  );
}
