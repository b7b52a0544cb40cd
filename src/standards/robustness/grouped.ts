import { bootstrap, wilson } from "../../stats/intervals.js";
import { pairedDifference } from "../../stats/paired.js";
import type { ItemVerdicts, VariantVerdict } from "./input.js";
import {
  at,
  finitePercentiles,
  isBinary,
  mean,
  meanMetric,
  type Delta,
  type Metric,
  type NotApplicable,
} from "./metric.js";

/** Accuracy before and after one perturbation (or one family), over the items that have a variant of it. */
export interface GroupSummary {
  family: string;
  /** Items with at least one variant in the group. */
  items: number;
  /** Item-variant pairs. */
  variants: number;
  original: Metric;
  /** Per item, the mean verdict over its variants in the group; then the mean over items. */
  accuracy: Metric;
  /** accuracy − original, paired by item. */
  delta: Delta;
  /** PromptBench's performance drop rate (original − accuracy) / original. */
  drop_rate: Metric | NotApplicable;
  /** Share of item-variant pairs whose right/wrong verdict differs from the item's original. */
  flip_rate: Metric | NotApplicable;
  flips: { to_wrong: number; to_right: number } | null;
}

interface Member {
  original: number;
  variants: VariantVerdict[];
}

/** The items that have a variant in the group, each with its group variants. */
function members(items: readonly ItemVerdicts[], inGroup: (v: VariantVerdict) => boolean): Member[] {
  return items
    .map((it) => ({ original: it.original, variants: it.variants.filter(inGroup) }))
    .filter((m) => m.variants.length > 0);
}

function dropRate(a: readonly number[], b: readonly number[], seed: number): Metric | NotApplicable {
  const n = a.length;
  const ratio = (idx: readonly number[]): number => {
    const orig = mean(at(a, idx));
    return orig === 0 ? Number.NaN : (orig - mean(at(b, idx))) / orig;
  };
  const all = a.map((_, i) => i);
  if (mean(a) === 0)
    return {
      value: null,
      n,
      reason: "accuracy on the original items is 0, so (acc_orig − acc_pert) / acc_orig is undefined",
    };
  const ci = finitePercentiles(bootstrap(n, ratio, { seed }).values);
  const value = ratio(all);
  return { value, stderr: ci?.stderr ?? 0, ci95: ci?.ci95 ?? [value, value], n, ci_method: "bootstrap" };
}

function flipRate(ms: readonly Member[], seed: number): Pick<GroupSummary, "flip_rate" | "flips"> {
  const pairs = ms.reduce((s, m) => s + m.variants.length, 0);
  const binary = ms.every((m) => isBinary([m.original, ...m.variants.map((v) => v.verdict)]));
  if (!binary)
    return {
      flip_rate: { value: null, n: pairs, reason: "verdicts are scores, not right/wrong: a flip is not defined" },
      flips: null,
    };
  const toWrong = ms.map((m) => m.variants.filter((v) => m.original === 1 && v.verdict === 0).length);
  const toRight = ms.map((m) => m.variants.filter((v) => m.original === 0 && v.verdict === 1).length);
  const flipsPer = toWrong.map((w, i) => w + (toRight[i] ?? 0));
  const sizes = ms.map((m) => m.variants.length);
  const total = flipsPer.reduce((a, b) => a + b, 0);
  const flips = { to_wrong: toWrong.reduce((a, b) => a + b, 0), to_right: toRight.reduce((a, b) => a + b, 0) };
  const value = total / pairs;
  if (sizes.every((s) => s === 1)) {
    return {
      flip_rate: {
        value,
        stderr: Math.sqrt((value * (1 - value)) / pairs),
        ci95: wilson(total, pairs),
        n: pairs,
        ci_method: "wilson",
      },
      flips,
    };
  }
  // Variants of one item are not independent: resample items, keep the ratio of sums.
  const b = bootstrap(
    ms.length,
    (idx) => {
      const f = at(flipsPer, idx).reduce((x, y) => x + y, 0);
      const p = at(sizes, idx).reduce((x, y) => x + y, 0);
      return f / p;
    },
    { seed },
  );
  return { flip_rate: { value, stderr: b.stderr, ci95: b.ci95, n: pairs, ci_method: "cluster_bootstrap" }, flips };
}

/** One group's summary, or null when no item has a variant in it. */
export function summarizeGroup(
  items: readonly ItemVerdicts[],
  inGroup: (v: VariantVerdict) => boolean,
  family: string,
  seed = 0,
): GroupSummary | null {
  const ms = members(items, inGroup);
  if (ms.length === 0) return null;
  const a = ms.map((m) => m.original);
  const b = ms.map((m) => mean(m.variants.map((v) => v.verdict)));
  const clustered = ms.some((m) => m.variants.length > 1);
  const d = pairedDifference(ms.length, (idx) => mean(at(b, idx)) - mean(at(a, idx)), { a, b }, seed);
  return {
    family,
    items: ms.length,
    variants: ms.reduce((s, m) => s + m.variants.length, 0),
    original: meanMetric(a, seed),
    accuracy: meanMetric(b, seed, clustered),
    delta: {
      value: d.difference,
      stderr: d.stderr,
      ci95: d.ci95,
      n: ms.length,
      ci_method: "paired_bootstrap",
      p_value: d.p_value,
      test: d.test,
    },
    drop_rate: dropRate(a, b, seed),
    ...flipRate(ms, seed),
  };
}
