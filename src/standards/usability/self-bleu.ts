import { measured, notApplicable, type Measure } from "./measure.js";
import { ngramCount, ngramCounts, whitespaceTokens } from "./tokens.js";

/**
 * NLTK `sentence_bleu(references, hypothesis, weights=(1/g,)*g, smoothing_function=method1)`:
 * modified precision clips each hypothesis n-gram count by its largest count in any single
 * reference; a precision with numerator 0 becomes 0.1 / denominator (method1, epsilon 0.1); the
 * denominator is max(1, hypothesis n-grams); the brevity penalty uses the reference length closest
 * to the hypothesis (the shorter on a tie); no unigram match at all gives 0, as NLTK returns early.
 * (sacreBLEU's sentence BLEU in accuracy/bleu.ts smooths differently and takes one reference per
 * stream, so it is not this.)
 */
export function nltkSentenceBleu(
  references: readonly (readonly string[])[],
  hypothesis: readonly string[],
  maxOrder = 3,
): number {
  return bleuOfCounted(
    references.map((r) => countedTokens(r, maxOrder)),
    countedTokens(hypothesis, maxOrder),
    maxOrder,
  );
}

/** Tokens with their n-gram counts for orders 1..maxOrder, computed once per output (Self-BLEU reuses every output K − 1 times). */
interface Counted {
  length: number;
  counts: Map<string, number>[];
}

function countedTokens(tokens: readonly string[], maxOrder: number): Counted {
  return { length: tokens.length, counts: Array.from({ length: maxOrder }, (_, k) => ngramCounts(tokens, k + 1)) };
}

function bleuOfCounted(references: readonly Counted[], hypothesis: Counted, maxOrder: number): number {
  const c = hypothesis.length;
  let logSum = 0;
  for (let n = 1; n <= maxOrder; n++) {
    const hyp = hypothesis.counts[n - 1] ?? new Map<string, number>();
    let clipped = 0;
    for (const [k, v] of hyp) {
      let maxRef = 0;
      for (const ref of references) maxRef = Math.max(maxRef, ref.counts[n - 1]?.get(k) ?? 0);
      clipped += Math.min(v, maxRef);
    }
    const denominator = Math.max(1, ngramCount(c, n));
    if (n === 1 && clipped === 0) return 0;
    const p = clipped === 0 ? 0.1 / denominator : clipped / denominator;
    logSum += Math.log(p) / maxOrder;
  }
  let r = 0;
  let bestDiff = Infinity;
  for (const ref of references) {
    const d = Math.abs(ref.length - c);
    if (d < bestDiff || (d === bestDiff && ref.length < r)) {
      bestDiff = d;
      r = ref.length;
    }
  }
  const bp = c > r ? 1 : c === 0 ? 0 : Math.exp(1 - r / c);
  return bp * Math.exp(logSum);
}

export type SelfBleuResult = Measure & {
  /** Highest n-gram order g (uniform weights 1/g). */
  maxOrder: number;
  /** Self-BLEU of each output against all the others, in input order; null for a left-out output. */
  perOutput: (number | null)[];
  /** Outputs with no tokens: BLEU is undefined for them, so they are neither hypothesis nor reference. */
  leftOut: number;
};

/**
 * Self-BLEU (Texygen, Zhu et al. 2018): each output is the hypothesis and all *other* outputs its
 * references, scored with NLTK sentence BLEU (uniform weights up to `maxOrder`, default 3, method1
 * smoothing), averaged over outputs; 0–1, higher means less diverse. Whitespace tokens unless the
 * caller passes token arrays. `n` is the number of outputs averaged; fewer than 2 → n/a.
 */
export function selfBleu(outputs: readonly (string | readonly string[])[], maxOrder = 3): SelfBleuResult {
  if (!Number.isInteger(maxOrder) || maxOrder < 1)
    throw new RangeError(`maxOrder must be a positive integer, got ${maxOrder}`);
  const all = outputs.map((o) => (typeof o === "string" ? whitespaceTokens(o) : o));
  const kept = all.map((t, i) => ({ t: countedTokens(t, maxOrder), i })).filter((x) => x.t.length > 0);
  const perOutput: (number | null)[] = all.map(() => null);
  const base = { maxOrder, leftOut: all.length - kept.length };
  if (kept.length < 2)
    return {
      ...notApplicable(kept.length, `Self-BLEU needs at least 2 non-empty outputs, got ${kept.length}`),
      perOutput,
      ...base,
    };
  let sum = 0;
  for (const h of kept) {
    const refs = kept.filter((x) => x.i !== h.i).map((x) => x.t);
    const score = bleuOfCounted(refs, h.t, maxOrder);
    perOutput[h.i] = score;
    sum += score;
  }
  return { ...measured(sum / kept.length, kept.length), perOutput, ...base };
}
