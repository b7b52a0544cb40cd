import { percentileSorted } from "../../stats/distribution.js";
import { whitespaceTokens } from "./tokens.js";

export type LengthSummary =
  | { n: number; mean: number; p50: number; p90: number; max: number }
  | { n: 0; mean: null; p50: null; p90: null; max: null; reason: string };

/** n, mean, p50, p90 (linear interpolation, numpy's default) and max of the values; n/a when there are none. */
export function lengthSummary(values: readonly number[], emptyReason = "no responses"): LengthSummary {
  if (values.length === 0) return { n: 0, mean: null, p50: null, p90: null, max: null, reason: emptyReason };
  const sorted = Float64Array.from(values).sort();
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return {
    n: values.length,
    mean,
    p50: percentileSorted(sorted, 0.5),
    p90: percentileSorted(sorted, 0.9),
    max: sorted[sorted.length - 1] ?? 0,
  };
}

export interface LengthInput {
  text: string;
  /** Output tokens as counted by the server or a tokenizer; null or absent when unknown. */
  tokens?: number | null;
}

/**
 * Verbosity of one run: distribution of response length in whitespace words over every response,
 * and in tokens over the responses whose token count is known (its own n).
 */
export function verbosity(responses: readonly LengthInput[]): { words: LengthSummary; tokens: LengthSummary } {
  const words = responses.map((r) => whitespaceTokens(r.text).length);
  const tokens = responses.map((r) => r.tokens).filter((t): t is number => typeof t === "number" && Number.isFinite(t));
  return { words: lengthSummary(words), tokens: lengthSummary(tokens, "no token counts given") };
}
