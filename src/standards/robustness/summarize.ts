import { formatSpread, type FormatSpread } from "./format-spread.js";
import { summarizeGroup, type GroupSummary } from "./grouped.js";
import type { ItemVerdicts } from "./input.js";
import { meanMetric, type Metric, type NotApplicable } from "./metric.js";
import { permutationConsistency } from "./permutation-consistency.js";
import { worstCase } from "./worst-case.js";

/** The robustness standard of one task. */
export interface RobustnessSummary {
  items: number;
  /** Accuracy on every item as written. */
  original: Metric | NotApplicable;
  perturbations: Record<string, GroupSummary>;
  families: Record<string, GroupSummary>;
  worst_case: Metric | NotApplicable;
  format_spread: FormatSpread | NotApplicable;
  permutation_consistency: Metric | NotApplicable;
}

/**
 * Refuses data the metrics would silently misread: a non-finite verdict (NaN would poison every
 * mean) or two variants of one item under the same label (formats are told apart by label, so one
 * would hide the other).
 */
function check(items: readonly ItemVerdicts[]): void {
  for (const it of items) {
    if (!Number.isFinite(it.original))
      throw new Error(`item ${it.item}: original verdict ${it.original} is not a number`);
    const seen = new Set<string>();
    for (const v of it.variants) {
      if (!Number.isFinite(v.verdict))
        throw new Error(`item ${it.item}, variant ${v.variant}: verdict ${v.verdict} is not a number`);
      if (seen.has(v.variant)) throw new Error(`item ${it.item}: variant ${v.variant} appears twice`);
      seen.add(v.variant);
    }
  }
}

/** Summarises items with their variants' verdicts; every interval is seeded by `seed`. */
export function summarizeRobustness(items: readonly ItemVerdicts[], seed = 0): RobustnessSummary {
  check(items);
  const perturbations: Record<string, GroupSummary> = {};
  const families: Record<string, GroupSummary> = {};
  const specs = new Map<string, string>();
  for (const it of items)
    for (const v of it.variants) if (!specs.has(v.perturbation)) specs.set(v.perturbation, v.family);
  for (const [spec, family] of specs) {
    const g = summarizeGroup(items, (v) => v.perturbation === spec, family, seed);
    if (g) perturbations[spec] = g;
  }
  for (const family of new Set(specs.values())) {
    const g = summarizeGroup(items, (v) => v.family === family, family, seed);
    if (g) families[family] = g;
  }
  return {
    items: items.length,
    original:
      items.length === 0
        ? { value: null, n: 0, reason: "no items" }
        : meanMetric(
            items.map((it) => it.original),
            seed,
          ),
    perturbations,
    families,
    worst_case: worstCase(items, seed),
    format_spread: formatSpread(items, seed),
    permutation_consistency: permutationConsistency(items, seed),
  };
}
