/**
 * Whitespace tokens: the text split on runs of Unicode whitespace, empty pieces dropped — the same
 * tokens as Python's `str.split()`, which the distinct-n and Self-BLEU references use. Case and
 * punctuation are kept ("day." and "day" are different tokens).
 */
export function whitespaceTokens(text: string): string[] {
  return text.split(/\s+/u).filter((t) => t.length > 0);
}

/**
 * A collision-free key for the n-gram starting at `start`: each token is length-prefixed, so
 * tokens that themselves contain spaces (model tokens do) cannot run into each other.
 */
export function ngramKey(tokens: readonly string[], start: number, n: number): string {
  let key = "";
  for (let i = start; i < start + n; i++) {
    const t = tokens[i] ?? "";
    key += `${t.length}:${t}`;
  }
  return key;
}

/** Number of n-grams in a sequence of `length` tokens: length − n + 1, or 0 when shorter than n. */
export function ngramCount(length: number, n: number): number {
  return Math.max(0, length - n + 1);
}

/** Count of each n-gram of the tokens, keyed by `ngramKey`. */
export function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  const total = ngramCount(tokens.length, n);
  for (let i = 0; i < total; i++) {
    const k = ngramKey(tokens, i, n);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/** Unicode code points of the text (a surrogate pair is one symbol, not two). */
export function codePoints(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) out.push(ch.codePointAt(0) ?? 0);
  return out;
}

export function assertN(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n-gram order must be a positive integer, got ${n}`);
}

/** The string of these code points; chunked so a long unit cannot overflow the argument limit. */
export function fromCodePoints(cps: readonly number[]): string {
  let out = "";
  for (let i = 0; i < cps.length; i += 4096) out += String.fromCodePoint(...cps.slice(i, i + 4096));
  return out;
}
