/**
 * JSON in a response. Two tests, defined precisely:
 * - the response **is** JSON when, after trimming surrounding whitespace and removing one code fence
 *   that encloses all of it (```json … ``` or ``` … ```, tag case-insensitive), the rest parses
 *   with `JSON.parse` — any JSON value, a bare number or string included;
 * - the response **contains** JSON when it is JSON, or some substring of it starting at `{` or `[`
 *   and ending at its matching bracket (brackets inside JSON strings ignored) parses as an object or
 *   array. Bare scalars are not looked for inside prose: any text with a digit would "contain JSON".
 */

const FENCE = /^```[ \t]*(?:json)?[ \t]*\r?\n([\s\S]*?)\r?\n?[ \t]*```$/i;

/** The response without surrounding whitespace and without one enclosing ```json fence, if any. */
export function stripJsonFence(text: string): { body: string; fenced: boolean } {
  const trimmed = text.trim();
  const m = FENCE.exec(trimmed);
  return m === null ? { body: trimmed, fenced: false } : { body: (m[1] ?? "").trim(), fenced: true };
}

export type JsonParse = { ok: true; value: unknown; fenced: boolean } | { ok: false; reason: string };

/** The "is JSON" test, with the parsed value or the parser's complaint. */
export function parseJsonResponse(text: string): JsonParse {
  const { body, fenced } = stripJsonFence(text);
  if (body.length === 0) return { ok: false, reason: "empty response" };
  try {
    return { ok: true, value: JSON.parse(body) as unknown, fenced };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Matches brackets from `start` onwards, skipping JSON strings, and records in `ends` the end
 * (exclusive) of the span of every opening bracket met outside a string, or -1 where it never
 * closes or meets the wrong closer. A later start that this scan already met outside a string would
 * scan exactly the same characters in the same string state, so it can reuse the answer: that keeps
 * a degenerate "[[[[…" linear instead of quadratic.
 */
function recordSpans(text: string, start: number, ends: Map<number, number>): void {
  const stack: number[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{" || c === "[") stack.push(i);
    else if (c === "}" || c === "]") {
      const open = stack.pop();
      if (open === undefined || text[open] !== (c === "}" ? "{" : "[")) {
        if (open !== undefined) ends.set(open, -1);
        break;
      }
      ends.set(open, i + 1);
      if (stack.length === 0) return;
    }
  }
  for (const open of stack) ends.set(open, -1);
}

export interface FoundJson {
  value: unknown;
  start: number;
  end: number;
}

/**
 * Every JSON object or array embedded in the text, left to right and not overlapping: at each `{`
 * or `[` the bracketed span is tried; a span that parses is taken whole and the search resumes
 * after it, otherwise it resumes at the next character (so `{"a": {"b": 1}` still yields the inner object).
 */
export function findJsonValues(text: string): FoundJson[] {
  const found: FoundJson[] = [];
  const ends = new Map<number, number>();
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== "{" && c !== "[") continue;
    if (!ends.has(i)) recordSpans(text, i, ends);
    const end = ends.get(i) ?? -1;
    if (end < 0) continue;
    try {
      found.push({ value: JSON.parse(text.slice(i, end)) as unknown, start: i, end });
      i = end - 1;
    } catch {
      // not JSON (e.g. "[citation needed]"): look inside it
    }
  }
  return found;
}

export function isJson(text: string): boolean {
  return parseJsonResponse(text).ok;
}

export function containsJson(text: string): boolean {
  return isJson(text) || findJsonValues(text).length > 0;
}

/** The JSON values a response offers under a mode: the whole response ("is"), or that plus every embedded object/array ("contains"). */
export function jsonCandidates(text: string, mode: "is" | "contains"): unknown[] {
  const whole = parseJsonResponse(text);
  const out: unknown[] = whole.ok ? [whole.value] : [];
  if (mode === "contains") for (const f of findJsonValues(text)) out.push(f.value);
  return out;
}
