/** SQuAD-style text normalisation: lowercase, drop punctuation and articles, collapse whitespace. */
export function normalizeText(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, " ")
    .replace(/\b(a|an|the)\b/g, " ")
    .split(/\s+/)
    .filter(Boolean)
    .join(" ");
}

/**
 * A number as written in an answer, reduced to a canonical decimal string: drops `$`, `%`,
 * thousands separators, a trailing unit word or period, and a trailing `.0`; null when it is not a number.
 * "1,234.50 dollars" → "1234.5".
 */
export function normalizeNumber(s: string): string | null {
  let t = s.trim().replace(/^\*+|\*+$/g, "").trim();
  t = t.replace(/[.,;:!]+$/, "").trim();
  t = t.replace(/^[$€£]\s*/, "").replace(/^-\s*\$/, "-");
  // A unit or word after the number ("12 cm", "18 dollars", "5%").
  t = t.replace(/\s*(%|[a-zA-Z][a-zA-Z ./]*)$/, "");
  t = t.replace(/^\+/, "");
  if (!/^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^-?\.\d+$/.test(t)) return null;
  const n = Number(t.replace(/,/g, ""));
  if (!Number.isFinite(n)) return null;
  return String(n);
}
