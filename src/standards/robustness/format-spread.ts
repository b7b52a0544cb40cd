import { bootstrap } from "../../stats/intervals.js";
import type { ItemVerdicts } from "./input.js";
import { at, mean, type NotApplicable } from "./metric.js";

/** The name the unperturbed item goes by among the formats: it is the default format. */
export const ORIGINAL_FORMAT = "original";

export interface FormatSpread {
  /** max − min accuracy over the formats. */
  value: number;
  stderr: number;
  ci95: [number, number];
  /** Items that have every format (the spread compares formats over the same items). */
  n: number;
  ci_method: "bootstrap";
  /** Accuracy per format over those items. */
  formats: Record<string, number>;
  best: string;
  worst: string;
}

/**
 * Spread of accuracy over prompt formats: the original (the default format) and every variant of
 * family "format", each by its variant label. Only items that have every one of those formats
 * count, so each format's accuracy rests on the same items.
 */
export function formatSpread(items: readonly ItemVerdicts[], seed = 0): FormatSpread | NotApplicable {
  const labels = [
    ...new Set(items.flatMap((it) => it.variants.filter((v) => v.family === "format").map((v) => v.variant))),
  ].sort();
  if (labels.length === 0) return { value: null, n: 0, reason: "no format variants" };
  const formats = [ORIGINAL_FORMAT, ...labels];
  const rows: number[][] = [];
  for (const it of items) {
    const byLabel = new Map(it.variants.filter((v) => v.family === "format").map((v) => [v.variant, v.verdict]));
    const row = [it.original, ...labels.map((l) => byLabel.get(l))];
    if (row.every((x): x is number => x !== undefined)) rows.push(row);
  }
  if (rows.length === 0) return { value: null, n: 0, reason: "no item has every format" };
  const columns = formats.map((_, j) => rows.map((r) => r[j] ?? Number.NaN));
  const spread = (idx: readonly number[]): number => {
    const accs = columns.map((c) => mean(at(c, idx)));
    return Math.max(...accs) - Math.min(...accs);
  };
  const accs = columns.map((c) => mean(c));
  const all = rows.map((_, i) => i);
  const b = bootstrap(rows.length, spread, { seed });
  // The first format reaching the max (min) names the best (worst): ties go to the earlier one, "original" first.
  const best = formats[accs.indexOf(Math.max(...accs))] ?? ORIGINAL_FORMAT;
  const worst = formats[accs.indexOf(Math.min(...accs))] ?? ORIGINAL_FORMAT;
  return {
    value: spread(all),
    stderr: b.stderr,
    ci95: b.ci95,
    n: rows.length,
    ci_method: "bootstrap",
    formats: Object.fromEntries(formats.map((f, j) => [f, accs[j] ?? Number.NaN])),
    best,
    worst,
  };
}
