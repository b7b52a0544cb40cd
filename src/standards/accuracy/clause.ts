/** The clause an answer cue introduces, shared by number and choice extraction. */

export interface Clause {
  /** Offset of the clause in the text it came from. */
  start: number;
  text: string;
}

// A period that ends one of these does not end the sentence.
const ABBREVIATION = /(?:\b(?:approx|approximately|ca|e\.g|i\.e|vs|etc|no|nr|mr|mrs|ms|dr|st|opt)|\b\p{Lu})$/iu;

/** Offset of the end of the sentence that starts at `from`: a newline, or `.` `!` `?` before a space or the end. */
export function sentenceEnd(text: string, from: number): number {
  const re = /\n|[.!?](?=\s|$)/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === "." && ABBREVIATION.test(text.slice(from, m.index))) continue;
    return m.index;
  }
  return text.length;
}

/**
 * The clause after a cue that ends at `from`: the rest of its sentence, or, when the cue ends
 * its line ("Final answer:\n\n42", "Total:\n- 12"), the next non-empty line's first sentence.
 */
export function clauseAfter(text: string, from: number): Clause {
  const lineEnd = text.indexOf("\n", from);
  const sameLine = text.slice(from, lineEnd < 0 ? text.length : lineEnd);
  let start = from;
  if (/^[\s*_:#>-]*$/.test(sameLine) && lineEnd >= 0) {
    const next = /\S/.exec(text.slice(lineEnd));
    if (next) start = lineEnd + next.index;
  }
  const end = sentenceEnd(text, start);
  return { start, text: text.slice(start, end) };
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
