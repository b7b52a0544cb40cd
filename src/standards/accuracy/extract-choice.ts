import { clauseAfter, lastCorrection } from "./clause.js";
import { normalizeText } from "./normalize.js";

/** A multiple-choice answer found in an output. */
export interface ChoiceFinding {
  letter: string;
  stage: "strict" | "flexible";
  raw: string;
}

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

// After "A" or "I", these words make it the option or a letter being discussed ("A is correct",
// "A and B are wrong"); any other lowercase word makes it the article or the pronoun ("a bit", "I think").
const AFTER_LETTER = new Set([
  "is",
  "was",
  "are",
  "were",
  "has",
  "had",
  "does",
  "did",
  "doesn't",
  "isn't",
  "wasn't",
  "would",
  "could",
  "should",
  "must",
  "can",
  "cannot",
  "can't",
  "might",
  "may",
  "will",
  "seems",
  "appears",
  "looks",
  "fits",
  "matches",
  "states",
  "says",
  "describes",
  "gives",
  "contains",
  "holds",
  "remains",
  "refers",
  "represents",
  "shows",
  "includes",
  "provides",
  "offers",
  "explains",
  "means",
  "implies",
  "suggests",
  "makes",
  "works",
  "applies",
  "fails",
  "reflects",
  "satisfies",
  "violates",
  "uses",
  "requires",
  "mentions",
  "correctly",
  "and",
  "or",
  "nor",
  "but",
  "so",
  "then",
  "though",
  "however",
  "instead",
  "therefore",
  "thus",
  "because",
  "since",
  "as",
  "vs",
  "versus",
  "best",
  "only",
  "alone",
  "too",
  "also",
  "here",
]);

// A letter someone rules out: "A is wrong", "A) 0 - incorrect", "not B", "rather than C". After the
// letter, the first verdict word before the next clause or letter decides ("B is correct, not A" keeps B).
const VERDICT =
  /\b(?:(incorrect|wrong|false|not|isn['’]t|eliminated|ruled out|unlikely|irrelevant|impossible)|correct|right|true|best|answer)\b/i;
const REJECTED_BEFORE =
  /(?:\bnot|n['’]t|\brather than|\binstead of|\beliminate|\brule out|\bexcept|\bexclude)\s*(?:option\s+|choice\s+)?[(*[]*$/i;

/** A letter at `index` that names one of the first `n` options: standalone, and not the article "A" or the pronoun "I". */
function isOptionLetter(text: string, index: number, n: number): boolean {
  const ch = text[index] ?? "";
  const k = LETTERS.indexOf(ch);
  if (k < 0 || k >= n) return false;
  // Short windows: a long output has many capitals, and each is judged by its neighbours only.
  const before = text.slice(Math.max(0, index - 2), index);
  const after = text.slice(index + 1, index + 40);
  if (/[\p{L}\p{N}_'’\\]$/u.test(before) || /^(?:[\p{L}\p{N}_'’]|[.'’-]\p{L})/u.test(after)) return false;
  if (/\p{L}\.$/u.test(before)) return false; // "U.S.A."
  if (ch === "A" || ch === "I") {
    const word = /^\s+(\p{Ll}+)/u.exec(after);
    if (word && !AFTER_LETTER.has(word[1] ?? "")) return false;
  }
  return true;
}

/** Option letters in `text` (uppercase standalone, or any case in brackets "(b)"), in order. */
function letterHits(text: string, n: number): Array<{ index: number; letter: string }> {
  const out: Array<{ index: number; letter: string }> = [];
  for (const m of text.matchAll(/[([]([a-zA-Z])[)\]]|[A-Z]/g)) {
    if (m[1] !== undefined) {
      const letter = m[1].toUpperCase();
      if (LETTERS.indexOf(letter) < n) out.push({ index: m.index + 1, letter });
    } else if (isOptionLetter(text, m.index, n)) out.push({ index: m.index, letter: m[0] });
  }
  return out;
}

function rejected(text: string, index: number): boolean {
  if (REJECTED_BEFORE.test(text.slice(Math.max(0, index - 20), index))) return true;
  const rest = text.slice(index + 1, index + 60);
  // The verdict about this letter ends where its sentence, clause or the next letter begins.
  const verdict = VERDICT.exec(rest.split(/\n|[.!?,;](?=\s)|\b[A-Z]\b/)[0] ?? "");
  return verdict?.[1] !== undefined;
}

/** An answer statement found in the text: where it is and the letter it states. */
interface Statement {
  index: number;
  letter: string;
  raw: string;
}

/**
 * One kind of answer statement. Tier 1 is an explicit answer (the last one in the text wins);
 * tier 2 is a choice or verdict in prose, used only when there is no tier-1 statement.
 */
interface ChoiceCue {
  name: string;
  tier: 1 | 2;
  find(text: string, choices: readonly string[]): Statement[];
}

const NEG = String.raw`(?<neg>n['’]t\b|\s+not\b)?`;
const EXPLORING =
  /\b(?:if|when|whether|unless|look|looking|consider|considering|compare|comparing|between|among|depends|evaluate|analy[sz]e)\b/i;

/** The letter a cue's clause states: its first option letter (the second when the cue denies), else the one option whose text it states. */
function clauseStatements(re: RegExp): ChoiceCue["find"] {
  return (text, choices) =>
    [...text.matchAll(re)].flatMap((m) => {
      const clause = clauseAfter(text, m.index + m[0].length);
      // Letters ruled out inside the clause do not count ("Answer: A is wrong, so C").
      const hits = letterHits(clause.text, choices.length).filter((h) => !rejected(clause.text, h.index));
      const hit = hits[m.groups?.neg !== undefined ? 1 : 0];
      // "The answer is obvious if we look at A: …" weighs options; it does not state one.
      if (hit && EXPLORING.test(clause.text.slice(0, hit.index))) return [];
      if (hit) return [{ index: clause.start + hit.index, letter: hit.letter, raw: clause.text }];
      // "Answer: b", "the answer is c, since …": a lowercase letter opening the clause names it
      // ("a" and "i" only when nothing but punctuation follows: otherwise they are words).
      const lower = /^[\s*_]*([b-hj-z](?![\p{L}\p{N}'’])|[ai](?=[)\].:*_\s]*$))/u.exec(clause.text);
      const k = lower && m.groups?.neg === undefined ? LETTERS.indexOf((lower[1] ?? "").toUpperCase()) : -1;
      if (k >= 0 && k < choices.length) return [{ index: clause.start, letter: LETTERS[k] ?? "", raw: clause.text }];
      const byText =
        m.groups?.neg !== undefined
          ? null
          : choiceByText(clause.text.split(/,\s|\s(?:because|since|as)\s/)[0] ?? "", choices);
      return byText ? [{ index: clause.start, letter: byText, raw: clause.text }] : [];
    });
}

/** Statements whose regex captures the letter itself (group 1), filtered to valid, standalone letters. */
function letterStatements(re: RegExp): ChoiceCue["find"] {
  return (text, choices) =>
    [...text.matchAll(re)].flatMap((m) => {
      const raw = m[1] ?? "";
      const letter = raw.toUpperCase();
      if (!raw || LETTERS.indexOf(letter) >= choices.length) return [];
      return [{ index: m.index, letter, raw: m[0].trim() }];
    });
}

/** Lines that restate one option as "B. green" / "(B) green", unless next to another such line (an echo of the option list). */
function optionLines(text: string, choices: readonly string[]): Statement[] {
  const lines = text.split("\n");
  let offset = 0;
  const found = lines.map((line) => {
    const start = offset;
    offset += line.length + 1;
    const m = /^[\s>*_#-]*[([]?([A-Z])[)\].:][*_]*\s+(.+?)[\s*_.]*$/.exec(line);
    if (!m) return null;
    const k = LETTERS.indexOf(m[1] ?? "");
    return k >= 0 && k < choices.length && normalizeText(m[2] ?? "") === normalizeText(choices[k] ?? "")
      ? { index: start, letter: m[1] ?? "", raw: line.trim() }
      : null;
  });
  return found.flatMap((s, i) => (s && !found[i - 1] && !found[i + 1] ? [s] : []));
}

/** Multiple-choice answer statements, in the order docs/eval.md lists them. */
const CUES: readonly ChoiceCue[] = [
  {
    name: "\\boxed{B}",
    tier: 1,
    find: letterStatements(/\\boxed\s*\{\s*(?:\\text(?:bf)?\s*\{\s*)?[([]?([A-Za-z])[)\]]?\s*\}/g),
  },
  {
    name: "answer is B / answer: B",
    tier: 1,
    find: clauseStatements(
      new RegExp(
        String.raw`\b(?:(?:final|correct|right|best|my)\s+)?(?:answer|ans(?=[.:]))\b(?:\s+(?:choice|option|letter))?[*_\s]*(?:(?:is|was|would be|will be|should be|must be)${NEG}|[:=])`,
        "gi",
      ),
    ),
  },
  {
    name: "correct option is B",
    tier: 1,
    find: clauseStatements(
      new RegExp(
        String.raw`\b(?:correct|right|best|final)\s+(?:option|choice|letter|response|one)\b[*_\s]*(?:(?:is|would be|must be|should be)${NEG}|[:=])`,
        "gi",
      ),
    ),
  },
  {
    name: "a line that is only B, (B), **B**, B., Option B",
    tier: 1,
    find: letterStatements(/^[\s>#*_-]*(?:(?:answer|option|choice)\s*:?\s*)?[*_]*[([]?([A-Z])[)\]]?[.:]?[*_\s]*$/gim),
  },
  { name: "a line that is B. and the option's text", tier: 1, find: optionLines },
  {
    name: "I choose B / I'd go with B",
    tier: 2,
    find: clauseStatements(
      /\b(?:I|we)(?:['’]d|['’]ll| would| will)?\s+(?:(?:have to|must|should)\s+)?(?:choose|pick|select|go with|opt for)\b/gi,
    ),
  },
  {
    name: "B is correct",
    tier: 2,
    find: letterStatements(
      /(?:\b(?:option|choice)\s+)?[([]?\b([A-Z])\b[)\]]?[*_]*\s+(?:is|seems|appears)\s+(?:to be\s+)?(?:the\s+)?(?:correct|right|best|true|answer|most (?:likely|accurate|appropriate|plausible))\b/g,
    ),
  },
];

/** The letter of the only option whose normalised text appears in `text` as whole words; several give null, unless one is all of it. */
export function choiceByText(text: string, choices: readonly string[]): string | null {
  const out = normalizeText(text);
  const padded = ` ${out} `;
  const hits = choices
    .map((c, i) => [normalizeText(c), i] as const)
    .filter(([c]) => c.length > 0 && padded.includes(` ${c} `));
  if (hits.length === 1) return LETTERS[hits[0]?.[1] ?? -1] ?? null;
  const exact = hits.find(([c]) => c === out);
  return exact ? (LETTERS[exact[1]] ?? null) : null;
}

/**
 * The option an output picks: the last tier-1 statement; else the last tier-2 statement; else the
 * last option letter nobody rules out; else the one option whose text the output states.
 */
export function findChoice(text: string, choices: readonly string[]): ChoiceFinding | null {
  if (choices.length === 0) return null;
  const since = lastCorrection(text);
  for (const tier of [1, 2] as const) {
    const statements = CUES.filter((c) => c.tier === tier)
      .flatMap((c) => c.find(text, choices))
      .filter((s) => s.index >= since);
    const last = statements.reduce<Statement | null>((a, s) => (a === null || s.index >= a.index ? s : a), null);
    if (last) return { letter: last.letter, stage: tier === 1 ? "strict" : "flexible", raw: last.raw };
  }
  const hits = letterHits(text, choices.length).filter((h) => !rejected(text, h.index));
  const hit = hits.at(-1);
  if (hit) return { letter: hit.letter, stage: "flexible", raw: text.trim() };
  const byText = choiceByText(text, choices);
  return byText ? { letter: byText, stage: "flexible", raw: text.trim() } : null;
}
