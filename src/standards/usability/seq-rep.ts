import { measured, notApplicable, type Measure } from "./measure.js";
import { assertN, ngramCount, ngramCounts, whitespaceTokens } from "./tokens.js";

/**
 * seq-rep-n of one response (Welleck et al. 2019, "Neural Text Generation with Unlikelihood
 * Training"): 1 − |unique n-grams| / |n-grams| over the response's tokens. 0 means no n-gram
 * repeats; it approaches 1 as one n-gram fills the response. `n` in the result is the number of
 * n-grams; with fewer than n tokens there are none and the value is n/a.
 *
 * Tokens are whitespace tokens unless the caller passes its own (e.g. model tokens): Welleck et al.
 * used the model's BPE tokens, so the numbers are comparable only within one tokenisation.
 */
export function seqRep(textOrTokens: string | readonly string[], n: number): Measure {
  assertN(n);
  const tokens = typeof textOrTokens === "string" ? whitespaceTokens(textOrTokens) : textOrTokens;
  const total = ngramCount(tokens.length, n);
  if (total === 0) return notApplicable(0, `fewer than ${n} tokens: no ${n}-grams`);
  return measured(1 - ngramCounts(tokens, n).size / total, total);
}

/** seq-rep-2, -3 and -4 of one response. */
export function seqRepProfile(
  textOrTokens: string | readonly string[],
): Record<"seq_rep_2" | "seq_rep_3" | "seq_rep_4", Measure> {
  const tokens = typeof textOrTokens === "string" ? whitespaceTokens(textOrTokens) : textOrTokens;
  return { seq_rep_2: seqRep(tokens, 2), seq_rep_3: seqRep(tokens, 3), seq_rep_4: seqRep(tokens, 4) };
}
