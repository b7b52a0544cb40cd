// The reference counts sentences with NLTK's Punkt English model, which is data we do not have;
// Intl.Segmenter (ICU's UAX #29 sentence rules) stands in for it, adjusted where the two are
// known to disagree in kind (docs/usability.md lists what remains):
// - Punkt ends sentences only at ".", "?" or "!"; UAX #29 also ends one at every line break,
//   so line breaks are shown to the segmenter as spaces.
// - Punkt ends a sentence at a non-abbreviation word ending in "." even when the next word is
//   lowercase; UAX #29 (rule SB8) does not, so segments are split again there.

const SEGMENTER = new Intl.Segmenter("en", { granularity: "sentence" });
const NON_SPACE = /\S/u;
// A terminator, optional closing quotes/brackets, whitespace, then a lowercase letter.
const LOWERCASE_RESTART = /(?<=[.?!]["'”’)\]]*)\s+(?=["'“‘([]*\p{Ll})/gu;
// Tokens after which Punkt does not end a sentence when a lowercase word follows: abbreviations
// of its English model, single-letter initials, and numbers (list markers such as "1.").
const ABBREVIATION =
  /(?:^|[\s(])(?:e\.g|i\.e|etc|vs|cf|approx|mr|mrs|ms|dr|st|no|vol|fig|inc|ltd|jr|sr|u\.s|a\.m|p\.m|[a-z]|\d+)\.["'”’)\]]*$/iu;

function splitLowercaseRestarts(segment: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (const m of segment.matchAll(LOWERCASE_RESTART)) {
    const at = m.index;
    if (ABBREVIATION.test(segment.slice(start, at))) continue;
    parts.push(segment.slice(start, at));
    start = at;
  }
  parts.push(segment.slice(start));
  return parts;
}

/** Number of sentences, counted to approximate `len(punkt.tokenize(text))`. */
export function countSentences(text: string): number {
  let n = 0;
  for (const { segment } of SEGMENTER.segment(text.replace(/[\n\r\u2028\u2029\x85]/gu, " "))) {
    for (const part of splitLowercaseRestarts(segment)) if (NON_SPACE.test(part)) n++;
  }
  return n;
}
