// detectable_format:*, detectable_content:* and the paragraph counters — regexes written to
// mean what the reference's Python `re` patterns mean (`.` never crosses "\n"; `^`/`$` with
// re.MULTILINE are line starts/ends at "\n" only; `\s`, `\d` are Unicode).
import { PY_DIGIT, PY_WS, escapeRegExp, pySplitWhitespace, pyStrip, pyStripChars } from "./py-text.js";

const BOL = "(?:^|(?<=\\n))";
const EOL = "(?=\\n|$)";
const DOT = "[^\\n]";

/** detectable_content:number_placeholders — `[...]` spans on one line, shortest match. */
export function countPlaceholders(response: string): number {
  return response.match(/\[[^\n]*?\]/gu)?.length ?? 0;
}

const STAR_BULLET = new RegExp(`${BOL}${PY_WS}*\\*[^*]${DOT}*${EOL}`, "gu");
const DASH_BULLET = new RegExp(`${BOL}${PY_WS}*-${DOT}*${EOL}`, "gu");

/** detectable_format:number_bullet_lists — lines starting (after spaces) with "*" not followed by another "*", plus lines starting with "-". */
export function countBullets(response: string): number {
  return (response.match(STAR_BULLET)?.length ?? 0) + (response.match(DASH_BULLET)?.length ?? 0);
}

const CONSTRAINED = ["My answer is yes.", "My answer is no.", "My answer is maybe."];

/** detectable_format:constrained_response — one of the three fixed answers appears. */
export function hasConstrainedAnswer(response: string): boolean {
  const r = pyStrip(response);
  return CONSTRAINED.some((o) => r.includes(o));
}

/** detectable_format:number_highlighted_sections — non-blank `*x*` spans plus non-blank `**x**` spans (a bold span counts once per pattern, as in the reference). */
export function countHighlights(response: string): number {
  const single = (response.match(/\*[^\n*]*\*/gu) ?? []).filter((h) => pyStrip(pyStripChars(h, "*")) !== "");
  const double = (response.match(/\*\*[^\n*]*\*\*/gu) ?? []).filter((h) => pyStrip(h.slice(2, -2)) !== "");
  return single.length + double.length;
}

/** detectable_format:multiple_sections — number of "<splitter> <digits>" markers (case-sensitive). */
export function countSections(response: string, splitter: string): number {
  const re = new RegExp(`${PY_WS}?${escapeRegExp(splitter)}${PY_WS}?${PY_DIGIT}+${PY_WS}?`, "gu");
  return response.match(re)?.length ?? 0;
}

/**
 * length_constraints:number_paragraphs — pieces between "***" dividers; a blank piece is
 * allowed only first or last (and is not counted), a blank piece in between fails the check.
 */
export function countStarParagraphs(response: string): number | "blank-inside" {
  const pieces = response.split(new RegExp(`${PY_WS}?\\*\\*\\*${PY_WS}?`, "u"));
  let n = pieces.length;
  for (let i = 0; i < pieces.length; i++) {
    if (pyStrip(pieces[i] ?? "") !== "") continue;
    if (i === 0 || i === pieces.length - 1) n--;
    else return "blank-inside";
  }
  return n;
}

const FIRST_WORD_STOP = new Set([".", ",", "?", "!", "'", '"']);

/**
 * length_constraints:nth_paragraph_first_word — paragraphs split on "\n\n"; blank ones are not
 * counted but, as in the reference, the nth is picked from the unfiltered list.
 */
export function nthParagraphFirstWord(
  response: string,
  numParagraphs: number,
  nth: number,
  firstWord: string,
): boolean {
  const paragraphs = response.split("\n\n");
  const count = paragraphs.filter((p) => pyStrip(p) !== "").length;
  if (nth > count) return false;
  const paragraph = pyStrip(paragraphs[nth - 1] ?? "");
  const first = pySplitWhitespace(paragraph)[0];
  if (first === undefined) return false;
  let word = "";
  for (const ch of pyStripChars(pyStripChars(pyStrip(first), "'", "left"), '"', "left")) {
    if (FIRST_WORD_STOP.has(ch)) break;
    word += ch.toLowerCase();
  }
  return count === numParagraphs && word === firstWord.toLowerCase();
}

/** detectable_content:postscript — the marker appears anywhere (lowercased); "P.S." and "P.P.S" also accept one space after each dot. */
export function hasPostscript(response: string, marker: string): boolean {
  const value = response.toLowerCase();
  const pattern =
    marker === "P.P.S"
      ? `p\\.${PY_WS}?p\\.${PY_WS}?s`
      : marker === "P.S."
        ? `p\\.${PY_WS}?s\\.`
        : escapeRegExp(marker.toLowerCase());
  return new RegExp(pattern, "u").test(value);
}

/** detectable_format:json_format — the stripped response, minus one ```json / ``` fence, parses as JSON. */
export function isJson(response: string): boolean {
  let v = pyStrip(response);
  for (const prefix of ["```json", "```Json", "```JSON", "```"]) if (v.startsWith(prefix)) v = v.slice(prefix.length);
  if (v.endsWith("```")) v = v.slice(0, -3);
  try {
    JSON.parse(pyStrip(v));
    return true;
  } catch {
    return false;
  }
}

/** detectable_format:title — a `<<...>>` on one line (greedy, as in the reference) whose inside is not blank. */
export function hasTitle(response: string): boolean {
  return (response.match(/<<[^\n]+>>/gu) ?? []).some(
    (t) => pyStrip(pyStripChars(pyStripChars(t, "<", "left"), ">", "right")) !== "",
  );
}
