// keywords:* — the reference passes keywords to `re` as patterns; the dataset's keywords contain
// no regex metacharacters, so they are matched here as literals (case-insensitive, as there).
import { escapeRegExp, wordBounded } from "./py-text.js";

export type Relation = "less than" | "at least";

/** The reference's two relations: "less than" is count < n, "at least" is count >= n. */
export function compare(count: number, relation: Relation, n: number): boolean {
  return relation === "less than" ? count < n : count >= n;
}

/** keywords:existence — every keyword occurs somewhere (substring, any case). */
export function hasKeywords(response: string, keywords: readonly string[]): boolean {
  return keywords.every((k) => new RegExp(escapeRegExp(k), "iu").test(response));
}

/** keywords:frequency — non-overlapping occurrences of the keyword as a substring, any case. */
export function keywordCount(response: string, keyword: string): number {
  return response.match(new RegExp(escapeRegExp(keyword), "giu"))?.length ?? 0;
}

/** keywords:forbidden_words — none of the words occurs as a whole word (Unicode word boundaries), any case. */
export function hasNoForbiddenWords(response: string, words: readonly string[]): boolean {
  return !words.some((w) => new RegExp(wordBounded(w), "iu").test(response));
}

/** keywords:letter_frequency — occurrences of the (lowercased) letter in the lowercased response. */
export function letterCount(response: string, letter: string): number {
  let n = 0;
  for (const ch of response.toLowerCase()) if (ch === letter) n++;
  return n;
}
