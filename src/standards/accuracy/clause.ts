/** The clause an answer cue introduces, shared by number and choice extraction. */

export interface Clause {
  /** Offset of the clause in the text it came from. */
  start: number;
  text: string;
}

// A period that ends one of these does not end the sentence.
const ABBREVIATION = /\b(?:approx|approximately|ca|e\.g|i\.e|vs|etc|no|nr|mr|mrs|ms|dr|st|opt)$/i;
// …nor does one after a lone capital ("U.S.", "J. Smith").
const INITIAL = /(?<![\p{L}\p{N}])\p{Lu}$/u;

/** Offset of the end of the sentence that starts at `from`: a newline, or `.` `!` `?` before a space or the end. */
export function sentenceEnd(text: string, from: number): number {
  const re = /\n|[.!?](?=\s|$)/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const before = text.slice(from, m.index);
    if (m[0] === "." && (ABBREVIATION.test(before) || INITIAL.test(before))) continue;
    return m.index;
  }
  return text.length;
}

/**
 * The clause after a cue that ends at `from`: the rest of its sentence, or, when the cue ends
 * its line ("Final answer:\n\n42", "Total:\n- 12"), the next non-empty line's first sentence
 * when that line stands alone as an answer: it is the last line, a blank line follows it, or it
 * starts with a number (or bold, `\boxed`), or is a letter alone. Otherwise ("**Answer:**\nFirst, 3 +
 * 4 = 7.\nThen 7 × 2 = 14.") what follows is reasoning, and the cue introduces nothing.
 */
export function clauseAfter(text: string, from: number): Clause {
  const lineEnd = text.indexOf("\n", from);
  const sameLine = text.slice(from, lineEnd < 0 ? text.length : lineEnd);
  if (!/^[\s*_:#>-]*$/.test(sameLine) || lineEnd < 0)
    return { start: from, text: text.slice(from, sentenceEnd(text, from)) };
  const next = /\S/.exec(text.slice(lineEnd));
  if (!next) return { start: from, text: "" };
  const start = lineEnd + next.index;
  const nextEnd = text.indexOf("\n", start);
  const line = text.slice(start, nextEnd < 0 ? text.length : nextEnd);
  const alone =
    nextEnd < 0 ||
    /^\n\s*\n/.test(text.slice(nextEnd)) ||
    !/\S/.test(text.slice(nextEnd)) ||
    /^[\s>*_#([$€£-]*(?:\d|[−.]\d|\\boxed|[A-Z][)\].:]?[*_\s]*$)/u.test(line);
  return alone ? { start, text: text.slice(start, sentenceEnd(text, start)) } : { start: from, text: "" };
}

/** Spans of bracketed asides, `( … )` and `[ … ]`, one level deep. */
export function bracketSpans(text: string): Array<[number, number]> {
  return [...text.matchAll(/\([^()]*\)|\[[^[\]]*\]/g)].map((m) => [m.index, m.index + m[0].length]);
}

/** The content of a `\boxed{…}` / `\fbox{…}` whose opening brace is at `open`, braces balanced; null when unclosed. */
export function braced(text: string, open: number): string | null {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return text.slice(open + 1, i);
  }
  return null;
}

// A model taking back what it said: a sentence opening with "Wait", "Hmm", "Oops", "Actually,",
// "No,", or "I made a mistake", "let me recalculate", "on second thought" anywhere.
const CORRECTION =
  /(?:^|[.!?:]\s+|\n\s*)(?:(?:wait|hmm+|oops)\b|actually,|no,)|\b(?:I made (?:a|an) (?:mistake|error)|I miscalculated|let me (?:recalculate|recompute|reconsider|redo|re-?check)|on second thought)\b/gi;

/** Where the last self-correction in `text` starts, or 0: answer statements before it are taken back. */
export function lastCorrection(text: string): number {
  let at = 0;
  for (const m of text.matchAll(CORRECTION)) at = m.index;
  return at;
}
