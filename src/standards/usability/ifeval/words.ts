// Word counts as the reference makes them: `count_words` is NLTK's RegexpTokenizer(r"\w+"), and
// capital-word frequency tokenizes with NLTK's `word_tokenize` (Treebank rules). The first is
// reproduced exactly; the second approximately, in the ways that can change which tokens are
// all-caps (see docs/usability.md).
import { PY_WORD, PY_WS, pyIsUpper } from "./py-text.js";

const WORD_RUN = new RegExp(`${PY_WORD}+`, "gu");

/** Number of maximal runs of Python `\w` characters: `len(RegexpTokenizer(r"\w+").tokenize(text))`. */
export function countWords(text: string): number {
  return text.match(WORD_RUN)?.length ?? 0;
}

// Treebank splits these off as tokens of their own; only splits that can separate two cased
// parts matter for the all-caps count, so opening/closing quote conversions are left out.
const PAD_ALWAYS = /(--|\.{2,}|[;@#$%&?!()[\]{}<>"])/gu;
const PAD_COMMA_COLON = /([:,])(?!\d)/gu;
const CONTRACTION = /^(.*[^' ])('s|'m|'d|'ll|'re|'ve|n't)$/iu;
const TRAILING_QUOTE = /^(.*[^'])(')$/u;
// NLTK's CONTRACTIONS2/3: whole words Treebank splits in two.
const SPLIT_WORDS: ReadonlyArray<[RegExp, number]> = [
  [/^(can)(not)$/iu, 3],
  [/^(gim)(me)$/iu, 3],
  [/^(gon)(na)$/iu, 3],
  [/^(got)(ta)$/iu, 3],
  [/^(lem)(me)$/iu, 3],
  [/^(wan)(na)$/iu, 3],
  [/^(')(tis)$/iu, 1],
  [/^(')(twas)$/iu, 1],
];
const WS = new RegExp(`${PY_WS}+`, "u");

function splitToken(tok: string): string[] {
  for (const [re] of SPLIT_WORDS) {
    const m = re.exec(tok);
    if (m) return [m[1] ?? "", m[2] ?? ""];
  }
  const c = CONTRACTION.exec(tok) ?? TRAILING_QUOTE.exec(tok);
  if (c) return [...splitToken(c[1] ?? ""), c[2] ?? ""];
  return [tok];
}

/** Tokens in the manner of NLTK's `word_tokenize`, as far as the all-caps test can tell. */
export function treebankTokens(text: string): string[] {
  const padded = text.replace(PAD_ALWAYS, " $1 ").replace(PAD_COMMA_COLON, " $1 ");
  return padded
    .split(WS)
    .filter((t) => t.length > 0)
    .flatMap(splitToken)
    .filter((t) => t.length > 0);
}

/** Tokens for which Python's `str.isupper()` holds (the reference's "words with all capital letters"). */
export function countCapitalWords(text: string): number {
  return treebankTokens(text).filter(pyIsUpper).length;
}
