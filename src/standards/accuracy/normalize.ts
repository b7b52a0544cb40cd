import { formatNumber, parseNumber } from "./numbers.js";

// SQuAD's normalize_answer deletes the characters of Python's string.punctuation.
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
// Python's `\b` is Unicode-aware: an article is a whole word between non-word characters.
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;

/**
 * SQuAD's `normalize_answer`, as lm-evaluation-harness and HELM use it: lowercase, delete
 * punctuation (so "1,000" is "1000", "don't" is "dont", "U.S." is "us"), drop the articles
 * a/an/the, collapse whitespace.
 */
export function normalizeText(s: string): string {
  return s.toLowerCase().replace(PUNCTUATION, "").replace(ARTICLES, " ").split(/\s+/).filter(Boolean).join(" ");
}

/**
 * A string that is one number as written ("$1,234.50", "12.0 cm", "-0.5%", "\frac{1}{2}"), as a
 * canonical decimal string ("1234.5"); null when it is not exactly one number (numbers.ts).
 */
export function normalizeNumber(s: string): string | null {
  const n = parseNumber(s);
  return n === null ? null : formatNumber(n);
}
