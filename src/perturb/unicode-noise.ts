import type { Rng } from "../stats/rng.js";
import { pick } from "./draw.js";
import { COMBINING_MARKS, HOMOGLYPHS, ZERO_WIDTH } from "./homoglyphs.js";
import { mapFree } from "./protect.js";

// Noise a reader does not see but a tokenizer does. Free text only (see protect.ts), so numbers
// and code keep their bytes; draws in text order, one per eligible character.

/** After each letter that is followed by another letter, with probability p, one zero-width character. Draws: one per such letter, plus one for the character. */
export function zeroWidth(text: string, p: number, rng: Rng): string {
  return mapFree(text, (free) => free.replace(/\p{L}(?=\p{L})/gu, (c) => (rng() < p ? c + pick(ZERO_WIDTH, rng) : c)));
}

/** Each letter that has a Cyrillic/Greek look-alike, with probability p, becomes it. Draws: one per such letter. */
export function homoglyph(text: string, p: number, rng: Rng): string {
  return mapFree(text, (free) =>
    free.replace(/[A-Za-z]/g, (c) => {
      const alike = HOMOGLYPHS[c];
      return alike !== undefined && rng() < p ? alike : c;
    }),
  );
}

/** After each letter, with probability p, one combining mark. Draws: one per letter, plus one for the mark. */
export function combining(text: string, p: number, rng: Rng): string {
  return mapFree(text, (free) => free.replace(/\p{L}/gu, (c) => (rng() < p ? c + pick(COMBINING_MARKS, rng) : c)));
}

/** Each space (U+0020), with probability p, becomes a no-break space (U+00A0). Draws: one per space. */
export function nbsp(text: string, p: number, rng: Rng): string {
  return mapFree(text, (free) => free.replace(/ /g, (c) => (rng() < p ? "\u00a0" : c)), { numberWords: false });
}

/** The `unicode` mix, in this order: homoglyphs p = 0.1, zero-width p = 0.05, combining marks p = 0.03, no-break spaces p = 0.2. */
export const UNICODE_MIX = { homoglyph: 0.1, zeroWidth: 0.05, combining: 0.03, nbsp: 0.2 } as const;

export function unicodeMix(text: string, rng: Rng): string {
  const m = UNICODE_MIX;
  return nbsp(combining(zeroWidth(homoglyph(text, m.homoglyph, rng), m.zeroWidth, rng), m.combining, rng), m.nbsp, rng);
}
