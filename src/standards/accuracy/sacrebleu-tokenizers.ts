/** sacreBLEU's tokenizers (13a, intl, char, none), used by BLEU; TER and chrF tokenize on their own. */
export type BleuTokenizer = "13a" | "intl" | "char" | "none";

const RE_13A: Array<[RegExp, string]> = [
  // Punctuation and symbols in these ASCII ranges become separate tokens.
  [/([{-~[-` -&(-+:-@/])/g, " $1 "],
  // Period and comma, unless both neighbours are digits.
  [/([^0-9])([.,])/g, "$1 $2 "],
  [/([.,])([^0-9])/g, " $1 $2"],
  // A dash after a digit.
  [/([0-9])(-)/g, "$1 $2 "],
];

/** mteval-v13a tokenization as sacreBLEU does it. */
function tokenize13a(line: string): string {
  let s = line
    .replace(/<skipped>/g, "")
    .replace(/-\n/g, "")
    .replace(/\n/g, " ");
  if (s.includes("&"))
    s = s
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">");
  s = ` ${s} `;
  for (const [re, sub] of RE_13A) s = s.replace(re, sub);
  return s.split(/\s+/).filter(Boolean).join(" ");
}

const RE_INTL: Array<[RegExp, string]> = [
  [/(\P{N})(\p{P})/gu, "$1 $2 "],
  [/(\p{P})(\P{N})/gu, " $1 $2"],
  [/(\p{S})/gu, " $1 "],
];

/** sacreBLEU's international tokenizer (mteval-v14 style, Unicode punctuation and symbols). */
function tokenizeIntl(line: string): string {
  let s = line;
  for (const [re, sub] of RE_INTL) s = s.replace(re, sub);
  return s.split(/\s+/).filter(Boolean).join(" ");
}

/** Tokenizes one segment; the result is split on whitespace by the caller. */
export function tokenizeBleu(line: string, tokenizer: BleuTokenizer): string {
  switch (tokenizer) {
    case "13a":
      return tokenize13a(line);
    case "intl":
      return tokenizeIntl(line);
    case "char":
      return [...line].join(" ");
    case "none":
      return line;
  }
}
