import { measured, notApplicable, type Measure } from "./measure.js";
import { assertN, ngramCount, ngramCounts, ngramKey, whitespaceTokens } from "./tokens.js";

/**
 * The three distinct-n definitions in circulation (VECTORS.md §7). They give different numbers
 * on the same outputs, so every result names the one it used.
 * - `pooled` (Li et al. 2016, the default): |distinct n-grams over all outputs| / total n-grams.
 * - `ndm` (neural-dialogue-metrics/Distinct-N): per output |distinct n-grams| / |tokens|, averaged.
 * - `vizseq` (vizseq's later code): per output |distinct n-grams| / |n-grams|, averaged.
 */
export type DistinctDefinition = "pooled" | "ndm" | "vizseq";
export const DISTINCT_DEFINITIONS: readonly DistinctDefinition[] = ["pooled", "ndm", "vizseq"];

export type DistinctResult = Measure & {
  definition: DistinctDefinition;
  order: number;
  /** Outputs considered. */
  outputs: number;
  /**
   * Outputs without a single n-gram. `pooled` simply adds nothing for them; `ndm` and `vizseq`
   * score them 0 inside the mean, as their upstream code does, so their numbers stay reproducible.
   */
  withoutNgrams: number;
};

type Tokenised = string | readonly string[];
const toks = (t: Tokenised): readonly string[] => (typeof t === "string" ? whitespaceTokens(t) : t);

/**
 * Distinct-n of one output under a per-output definition (`ndm`: / tokens; `vizseq`: / n-grams).
 * An output without an n-gram is n/a here (upstream reports 0.0 for it).
 */
export function distinctOfOne(output: Tokenised, n: number, definition: "ndm" | "vizseq"): Measure {
  assertN(n);
  const tokens = toks(output);
  const total = ngramCount(tokens.length, n);
  if (total === 0) return notApplicable(0, `fewer than ${n} tokens: no ${n}-grams`);
  const unique = ngramCounts(tokens, n).size;
  return measured(unique / (definition === "ndm" ? tokens.length : total), total);
}

/** Distinct-n over a set of outputs (over items, or over the K samples of one item). `n` is the number of n-grams seen. */
export function distinctN(
  outputs: readonly Tokenised[],
  n: number,
  definition: DistinctDefinition = "pooled",
): DistinctResult {
  assertN(n);
  const all = outputs.map(toks);
  const totalNgrams = all.reduce((a, t) => a + ngramCount(t.length, n), 0);
  const withoutNgrams = all.filter((t) => ngramCount(t.length, n) === 0).length;
  const base = { definition, order: n, outputs: all.length, withoutNgrams };
  if (totalNgrams === 0)
    return {
      ...notApplicable(0, all.length === 0 ? "no outputs" : `no output has ${n} tokens: no ${n}-grams`),
      ...base,
    };
  if (definition === "pooled") {
    const seen = new Set<string>();
    for (const t of all) for (let i = 0; i < ngramCount(t.length, n); i++) seen.add(ngramKey(t, i, n));
    return { ...measured(seen.size / totalNgrams, totalNgrams), ...base };
  }
  let sum = 0;
  for (const t of all) {
    const one = distinctOfOne(t, n, definition);
    if (one.value !== null) sum += one.value;
  }
  return { ...measured(sum / all.length, totalNgrams), ...base };
}
