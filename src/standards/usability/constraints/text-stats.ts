import { whitespaceTokens } from "../tokens.js";

/**
 * Sentence boundary: a run of . ! ? … (optionally closed by quotes or brackets) followed by
 * whitespace or the end; a run of 。！？ anywhere; or a blank line. "3.5" is not split (no space
 * after the dot); abbreviations such as "e.g. this" are (a known limit of a rule without a lexicon).
 */
const SENTENCE_END = /[.!?…]+["'”’)\]]*(?=\s|$)|[。！？]+|\n[ \t]*\n/u;
const HAS_WORD = /[\p{L}\p{N}]/u;

/** Sentences: pieces between boundaries that hold at least one letter or digit. */
export function countSentences(text: string): number {
  return text.split(SENTENCE_END).filter((s) => HAS_WORD.test(s)).length;
}

const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Characters as a reader counts them: extended grapheme clusters ("é" written e + ◌́ is one, so is 👍🏽). */
export function countCharacters(text: string): number {
  return Array.from(GRAPHEMES.segment(text)).length;
}

/**
 * English syllables by rule (no dictionary), on the word's Latin letters after removing accents:
 * count runs of vowels (a e i o u y); then, if that gave more than one,
 * subtract 1 for a final silent "e" unless the word ends in consonant + "le" (make → 1, table → 2)
 * or was written "é" (café → 2),
 * for a final "ed" unless after t or d (played → 1, wanted → 2),
 * for a final "es" unless after s, x, z, ch, sh, c or g (makes → 1, boxes → 2);
 * at least 1. A word without Latin letters (digits, CJK) counts as 1.
 */
export function countSyllables(word: string): number {
  const w = word
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
  if (w.length === 0) return 1;
  let n = (w.match(/[aeiouy]+/g) ?? []).length;
  if (n > 1) {
    const accentedEnd = /é$/u.test(
      word
        .normalize("NFC")
        .toLowerCase()
        .replace(/[^\p{L}]/gu, ""),
    );
    if (w.endsWith("e") && !/[^aeiouy]le$/.test(w) && !accentedEnd) n--;
    else if (w.endsWith("ed") && !/[td]ed$/.test(w)) n--;
    else if (w.endsWith("es") && !/(?:[sxzcg]|ch|sh)es$/.test(w)) n--;
  }
  return Math.max(1, n);
}

export type ReadingLevel =
  { grade: number; words: number; sentences: number; syllables: number } | { grade: null; reason: string };

/**
 * Flesch–Kincaid grade level: 0.39 · words/sentences + 11.8 · syllables/words − 15.59. Words are
 * whitespace tokens holding a letter or digit; sentences as `countSentences`; syllables as
 * `countSyllables`. Undefined (null) without a word. The syllable rule is English-only.
 */
export function fleschKincaidGrade(text: string): ReadingLevel {
  const words = whitespaceTokens(text).filter((w) => HAS_WORD.test(w));
  if (words.length === 0) return { grade: null, reason: "no words" };
  const sentences = Math.max(1, countSentences(text));
  const syllables = words.reduce((a, w) => a + countSyllables(w), 0);
  return {
    grade: 0.39 * (words.length / sentences) + 11.8 * (syllables / words.length) - 15.59,
    words: words.length,
    sentences,
    syllables,
  };
}
