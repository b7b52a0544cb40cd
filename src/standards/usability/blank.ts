/**
 * Empty answer: no characters, or only whitespace (Unicode White_Space) and invisible format
 * characters a model may emit alone (zero-width space, non-joiner, joiner, word joiner, BOM).
 */
export function isBlank(text: string): boolean {
  // An alternation, not a character class: ZWJ inside a class reads to linters as a joined emoji.
  return /^(?:\p{White_Space}|\u200b|\u200c|\u200d|\u2060|\ufeff)*$/u.test(text);
}
