/**
 * Latin letters and a Cyrillic or Greek letter that renders alike in common fonts. One look-alike
 * per letter, so a homoglyph substitution needs one draw per letter (whether), not two.
 */
export const HOMOGLYPHS: Readonly<Record<string, string>> = {
  a: "\u0430", // Cyrillic а
  c: "\u0441", // Cyrillic с
  e: "\u0435", // Cyrillic е
  i: "\u0456", // Cyrillic і
  j: "\u0458", // Cyrillic ј
  o: "\u043e", // Cyrillic о
  p: "\u0440", // Cyrillic р
  s: "\u0455", // Cyrillic ѕ
  x: "\u0445", // Cyrillic х
  y: "\u0443", // Cyrillic у
  v: "\u03bd", // Greek ν
  A: "\u0410",
  B: "\u0412",
  C: "\u0421",
  E: "\u0415",
  H: "\u041d",
  I: "\u0406",
  J: "\u0408",
  K: "\u041a",
  M: "\u041c",
  N: "\u039d", // Greek Ν
  O: "\u041e",
  P: "\u0420",
  S: "\u0405",
  T: "\u0422",
  X: "\u0425",
  Y: "\u03a5", // Greek Υ
  Z: "\u0396", // Greek Ζ
};

/** Characters that take no width: zero-width space, non-joiner, joiner, word joiner. */
export const ZERO_WIDTH: readonly string[] = ["\u200b", "\u200c", "\u200d", "\u2060"];

/** Combining marks that stack on the letter before them: acute, grave, diaeresis, tilde, dot below. */
export const COMBINING_MARKS: readonly string[] = ["\u0301", "\u0300", "\u0308", "\u0303", "\u0323"];
