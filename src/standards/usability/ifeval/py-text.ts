// The reference checkers are Python; these helpers reproduce the Python string and `re`
// behaviours they rely on, where JavaScript's built-ins differ (whitespace set, `\w`, `\b`,
// `str.isupper`, `str.strip`).

/** Python's `str.isspace()` set, which is also what `\s` matches in a Python `re` str pattern (JS `\s` adds U+FEFF and lacks U+001C–U+001F and U+0085). */
export const PY_WS = "[\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
/** Python's `\w` on str patterns: alphanumeric (letters of categories L*, numbers N*) or underscore; combining marks are not word characters there either. */
export const PY_WORD = "[\\p{L}\\p{N}_]";
/** Python's `\d` on str patterns: any decimal digit, not only ASCII. */
export const PY_DIGIT = "\\p{Nd}";

const LEADING_WS = new RegExp(`^${PY_WS}+`, "u");
const TRAILING_WS = new RegExp(`${PY_WS}+$`, "u");
const WORD_CHAR = new RegExp(`^${PY_WORD}$`, "u");

/** `str.strip()` with no argument. */
export function pyStrip(s: string): string {
  return s.replace(LEADING_WS, "").replace(TRAILING_WS, "");
}

/** `str.split()` with no argument: runs of whitespace separate, no empty pieces. */
export function pySplitWhitespace(s: string): string[] {
  return pyStrip(s)
    .split(new RegExp(`${PY_WS}+`, "u"))
    .filter((w) => w.length > 0);
}

/** `str.lstrip(chars)` / `str.rstrip(chars)` / `str.strip(chars)`: removes any of `chars` (a set, not a prefix) from the chosen ends. */
export function pyStripChars(s: string, chars: string, ends: "both" | "left" | "right" = "both"): string {
  const set = new Set(chars);
  const cps = [...s];
  let a = 0;
  let b = cps.length;
  if (ends !== "right") while (a < b && set.has(cps[a] ?? "")) a++;
  if (ends !== "left") while (b > a && set.has(cps[b - 1] ?? "")) b--;
  return cps.slice(a, b).join("");
}

const HAS_UPPER = /\p{Uppercase}/u;
const HAS_LOWER = /\p{Lowercase}/u;
const HAS_TITLE = /\p{Lt}/u;

/** `str.isupper()`: at least one uppercase character and no lowercase or titlecase one. */
export function pyIsUpper(s: string): boolean {
  return HAS_UPPER.test(s) && !HAS_LOWER.test(s) && !HAS_TITLE.test(s);
}

/** `str.islower()`: at least one lowercase character and no uppercase or titlecase one. */
export function pyIsLower(s: string): boolean {
  return HAS_LOWER.test(s) && !HAS_UPPER.test(s) && !HAS_TITLE.test(s);
}

/** Escapes a string for literal use inside a RegExp with the `u` flag. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function isWordChar(ch: string): boolean {
  return WORD_CHAR.test(ch);
}

/**
 * A RegExp source equivalent to Python's `\b` + literal + `\b`: Python's `\b` is Unicode-aware
 * on str patterns, JavaScript's is ASCII-only even with the `u` flag, so the boundaries are
 * spelled out as lookarounds on the literal's own first and last characters.
 */
export function wordBounded(literal: string): string {
  const cps = [...literal];
  const first = cps[0] ?? "";
  const last = cps[cps.length - 1] ?? "";
  const before = isWordChar(first) ? `(?<!${PY_WORD})` : `(?<=${PY_WORD})`;
  const after = isWordChar(last) ? `(?!${PY_WORD})` : `(?=${PY_WORD})`;
  return `${before}${escapeRegExp(literal)}${after}`;
}
