import { ngramCount } from "./tokens.js";

export interface CannedPhrase {
  phrase: string;
  /** Distinct responses containing it. */
  responses: number;
  /** Occurrences over all responses. */
  occurrences: number;
}

export interface CannedPhraseOptions {
  /** Phrase length in words (default 5). */
  words?: number;
  /** A phrase counts when it appears in at least this many distinct responses (default 2). */
  minResponses?: number;
  /** Keep the top this many (default 20). */
  top?: number;
}

/** `n` is the number of responses searched; `words` the phrase length. */
export type CannedPhrases =
  { n: number; words: number; phrases: CannedPhrase[] } | { n: number; words: number; phrases: null; reason: string };

/**
 * Words for phrase matching: lowercased whitespace tokens with leading and trailing punctuation
 * removed ("Helps!" and "helps." are one word), tokens left empty dropped.
 */
export function phraseWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/u)
    .map((w) => w.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, ""))
    .filter((w) => w.length > 0);
}

/**
 * The most repeated long n-grams across responses ("canned phrases"): word n-grams (default 5 words)
 * found in at least `minResponses` distinct responses, ranked by how many responses contain them,
 * then by total occurrences, then alphabetically. Overlapping phrases are all listed (a 6-word
 * phrase shows up as its two 5-word halves). n/a when no response has n words.
 */
export function cannedPhrases(texts: readonly string[], opts: CannedPhraseOptions = {}): CannedPhrases {
  const n = opts.words ?? 5;
  const minResponses = opts.minResponses ?? 2;
  const top = opts.top ?? 20;
  const stats = new Map<string, { responses: number; occurrences: number }>();
  let anyLongEnough = false;
  for (const text of texts) {
    const words = phraseWords(text);
    const seenHere = new Set<string>();
    for (let i = 0; i < ngramCount(words.length, n); i++) {
      anyLongEnough = true;
      const phrase = words.slice(i, i + n).join(" ");
      const s = stats.get(phrase) ?? { responses: 0, occurrences: 0 };
      s.occurrences++;
      if (!seenHere.has(phrase)) {
        seenHere.add(phrase);
        s.responses++;
      }
      stats.set(phrase, s);
    }
  }
  if (!anyLongEnough) return { n: texts.length, words: n, phrases: null, reason: `no response has ${n} words` };
  const phrases = [...stats]
    .filter(([, s]) => s.responses >= minResponses)
    .map(([phrase, s]) => ({ phrase, ...s }))
    .sort(
      (a, b) =>
        b.responses - a.responses ||
        b.occurrences - a.occurrences ||
        (a.phrase < b.phrase ? -1 : a.phrase > b.phrase ? 1 : 0),
    )
    .slice(0, top);
  return { n: texts.length, words: n, phrases };
}
