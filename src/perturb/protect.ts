import { TENS, WORDS } from "../standards/accuracy/extract-number.js";

/** Number words: GSM8K writes quantities as words too ("She eats three for breakfast"). */
const NUMBER_WORDS = [
  ...WORDS,
  ...Object.keys(TENS).filter((w) => !WORDS.includes(w)),
  "hundred",
  "thousand",
  "million",
  "billion",
  "first",
  "second",
  "third",
  "fourth",
  "fifth",
  "sixth",
  "seventh",
  "eighth",
  "ninth",
  "tenth",
  "half",
  "halves",
  "quarter",
  "quarters",
  "twice",
  "thrice",
  "double",
  "triple",
  "dozen",
  "dozens",
];

/**
 * Parts of a text no perturbation may touch: fenced and inline code (changing it changes the
 * program), `{{placeholders}}` (filled in later), every whitespace-delimited token with a digit in
 * it (GSM8K answers depend on the numbers in the question; "3rd", "$4.50" and "10km" stay whole),
 * and — for perturbations that change letters — number words.
 */
const ALWAYS = ["```[\\s\\S]*?```", "`[^`\\n]+`", "\\{\\{[\\s\\S]*?\\}\\}", "[^\\s`{}]*\\d[^\\s`{}]*"];
const PROTECTED = new RegExp([...ALWAYS, `\\b(?:${NUMBER_WORDS.join("|")})\\b`].join("|"), "gi");
/** For changes that keep every letter's identity (case, spacing): a number word in capitals is still the number. */
const PROTECTED_KEEP_WORDS = new RegExp(ALWAYS.join("|"), "g");

export interface Protection {
  /** Protect number words as well (default true). */
  numberWords?: boolean;
}

export interface Segment {
  text: string;
  protected: boolean;
}

/** Splits a text into alternating free and protected segments; joining them gives the text back. */
export function segments(text: string, opts: Protection = {}): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(opts.numberWords === false ? PROTECTED_KEEP_WORDS : PROTECTED)) {
    const start = m.index;
    if (m[0].length === 0) continue;
    if (start > last) out.push({ text: text.slice(last, start), protected: false });
    out.push({ text: m[0], protected: true });
    last = start + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), protected: false });
  return out;
}

/** Where a free segment sits: whether it begins the text and whether it ends it. */
export interface Place {
  first: boolean;
  last: boolean;
}

/**
 * Rewrites the free segments in order (so a seeded rng is drawn in text order) and leaves the
 * protected ones as they are.
 */
export function mapFree(text: string, f: (free: string, place: Place) => string, opts: Protection = {}): string {
  const segs = segments(text, opts);
  return segs
    .map((s, i) => (s.protected ? s.text : f(s.text, { first: i === 0, last: i === segs.length - 1 })))
    .join("");
}
