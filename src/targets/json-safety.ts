/**
 * Guards for JSON a server we do not control sends. V8's JSON.parse handles any nesting, but
 * JSON.stringify, structuredClone (worker threads) and every recursive walk overflow the stack on
 * a few thousand levels: a 100,000-deep array must be refused before it is kept anywhere.
 */

/** Deeper than any real OpenAI-compatible payload (a /models answer is ~4 levels deep). */
export const MAX_JSON_DEPTH = 64;

/** True when the JSON text nests arrays/objects deeper than `limit` (strings are skipped, escapes honoured). */
export function jsonTooDeep(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** A short JSON rendering for messages; a value too deep (or too odd) to stringify is named, not thrown. */
export function jsonForMessage(v: unknown, max = 500): string {
  try {
    return (JSON.stringify(v) ?? String(v)).slice(0, max);
  } catch {
    return "(payload nested too deeply to show)";
  }
}
