import { braced, bracketSpans, clauseAfter, lastCorrection, sentenceEnd, type Clause } from "./clause.js";
import { formatNumber, numbersIn, type NumberToken } from "./numbers.js";

/** A numeric answer found in an output, with how sure the finding is. */
export interface NumberFinding {
  /** A canonical number string, or null when the answer is stated but cannot be read as one number. */
  answer: string | null;
  stage: "strict" | "flexible";
  raw: string;
}

/** One kind of answer statement and where its cues are. */
interface Cue {
  name: string;
  /** Clauses this cue introduces in `text`, each marked negated when the cue denies ("the answer isn't"). */
  find(text: string): Array<Clause & { negated: boolean }>;
}

function byRegex(re: RegExp): (text: string) => Array<Clause & { negated: boolean }> {
  return (text) =>
    [...text.matchAll(re)].map((m) => ({
      ...clauseAfter(text, m.index + m[0].length),
      negated: m.groups?.neg !== undefined,
    }));
}

const NEG = String.raw`(?<neg>n['’]t\b|\s+not\b)?`;

/**
 * The answer statements, in the order docs/eval.md lists them; the last statement in the text
 * that states a number wins. Conclusion words ("so", "therefore", "in total") are not cues: with
 * no statement, the last sentence with a number decides, which is where a conclusion stands
 * (a cue for them cut "so he has 7, and then 5 more, giving 12" at 7).
 */
const CUES: readonly Cue[] = [
  {
    name: "boxed",
    find: (text) =>
      [...text.matchAll(/\\(?:boxed|fbox)\s*(?=\{)/g)].flatMap((m) => {
        const open = m.index + m[0].length;
        const inner = braced(text, open);
        return inner === null ? [] : [{ start: open + 1, text: inner, negated: false }];
      }),
  },
  {
    name: "####",
    find: (text) =>
      [...text.matchAll(/####/g)].map((m) => ({
        start: m.index + 4,
        text: text.slice(m.index + 4, lineEnd(text, m.index)),
        negated: false,
      })),
  },
  {
    name: "answer is / answer:",
    find: byRegex(
      new RegExp(
        String.raw`\b(?:final\s+)?(?:answer|ans(?=[.:]))\b(?:\s+(?:to|for)\s+(?:the|this|that|your)\s+(?:question|problem))?[*_\s]*(?:(?:is|was|would be|will be|should be|must be)${NEG}|[:=])`,
        "gi",
      ),
    ),
  },
  { name: "final answer", find: byRegex(/\bfinal\s+answer\b(?![*_\s]*(?:is|was|would|will|should|must|[:=]))[*_]*/gi) },
];

function lineEnd(text: string, from: number): number {
  const i = text.indexOf("\n", from);
  return i < 0 ? text.length : i;
}

// Where an explanation starts after the answer: "18, because …", "18 (9 × 2)", "$18 per day".
// A comma that goes on to restate the result ("…, which is 12", "…, making 20") does not end it.
const EXPLANATION =
  /,\s+(?!(?:which (?:is|are|equals|gives|makes|comes to|means)|that(?: is|['’]s| makes| gives)|this (?:is|gives|makes)|i\.e\.|so|but|no|actually|wait|making|giving|leaving|resulting|for a total|totaling|totalling|it['’]?s|it is|thus|hence|therefore|then|and so)\b)|;\s|\s(?:because|since|as|for(?! a total)|with|per|each|from|out of|than|due to|given|if|when|where|after|before)\b/gi;
// Operators of an arithmetic expression between two numbers; a dash with no spaces is a range.
const OPERATOR = /^\s*(?:[+×x*/÷·]|\s[-–]\s|\u2212)\s*$/;
const RANGE = /^[-–—]$/;

/** Number words by value, zero to twenty (also what perturbations must leave alone). */
export const WORDS = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
  "twenty",
];
/** Tens written as words, by value. */
export const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

/** The last number written as a word in a clause ("five", "twenty-one"), or null. */
function numberWord(text: string): number | null {
  const all = [
    ...text
      .toLowerCase()
      .matchAll(
        /\b(?:(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](one|two|three|four|five|six|seven|eight|nine))?|(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))\b/g,
      ),
  ];
  const m = all.at(-1);
  // "two hundred" is not 2: with a scale word, the clause states no number this reader can be sure of.
  if (!m || /\b(?:hundred|thousand|million|billion)\b/i.test(text)) return null;
  if (m[3]) return WORDS.indexOf(m[3]);
  return (TENS[m[1] ?? ""] ?? 0) + (m[2] ? WORDS.indexOf(m[2]) : 0);
}

/** Evaluates `a op b op c` with × and / before + and −. */
function evaluate(values: readonly number[], ops: readonly string[]): number {
  let sum = 0;
  let term = values[0] ?? 0;
  let sign = 1;
  ops.forEach((op, i) => {
    const v = values[i + 1] ?? 0;
    if (/[×x*·]/.test(op)) term *= v;
    else if (/[/÷]/.test(op)) term /= v;
    else {
      sum += sign * term;
      term = v;
      sign = /[-–\u2212]/.test(op) ? -1 : 1;
    }
  });
  return sum + sign * term;
}

type Resolved = { value: number } | { ambiguous: true } | null;

/**
 * The number a clause ends on. Asides in brackets are skipped when a number stands outside them,
 * an explanation after the first number is cut off, and an expression left unevaluated at the end
 * ("the result is 10 - 5") is evaluated; a range ("5-10", "5–10") is ambiguous.
 */
function resolveClause(text: string, negated: boolean, cut: boolean): Resolved {
  let tokens = numbersIn(text);
  const spans = bracketSpans(text);
  const outside = tokens.filter((t) => !spans.some(([a, b]) => t.start >= a && t.end <= b));
  if (outside.length > 0) tokens = outside;
  // "The answer isn't 5; it's 7": the denied number is not the answer.
  if (negated) tokens = tokens.slice(1);
  if (tokens.length === 0) {
    const w = negated ? null : numberWord(text);
    return w === null ? null : { value: w };
  }
  if (cut) {
    const first = tokens[0] ?? { end: 0 };
    const re = new RegExp(EXPLANATION.source, "gi");
    re.lastIndex = first.end;
    const boundary = negated ? null : re.exec(text);
    if (boundary) tokens = tokens.filter((t) => t.start < boundary.index);
  }
  return trailingValue(text, tokens);
}

/** The value of the last number, or of the expression it ends. */
function trailingValue(text: string, tokens: readonly NumberToken[]): Resolved {
  const last = tokens.at(-1);
  if (!last) return null;
  const chain: NumberToken[] = [last];
  const ops: string[] = [];
  let head = last;
  for (const prev of tokens.slice(0, -1).reverse()) {
    const gap = text.slice(prev.end, head.start);
    if (RANGE.test(gap) && chain.length === 1) return { ambiguous: true };
    if (!OPERATOR.test(gap)) break;
    chain.unshift(prev);
    ops.unshift(gap.trim() || "-");
    head = prev;
  }
  if (chain.length === 1) return { value: last.value };
  const value = evaluate(
    chain.map((t) => t.value),
    ops,
  );
  return Number.isFinite(value) ? { value } : { ambiguous: true };
}

function finding(r: Resolved, stage: NumberFinding["stage"], raw: string): NumberFinding | null {
  if (r === null) return null;
  return { answer: "value" in r ? formatNumber(r.value) : null, stage, raw: raw.trim() };
}

/**
 * The numeric answer of an output: the last answer statement that states a number; else the
 * number the last sentence with a number ends on (lm-evaluation-harness's "last number", with
 * asides in brackets skipped and a trailing expression evaluated).
 */
export function findNumber(text: string): NumberFinding | null {
  // "The answer is 5. Wait, I misread …": what was said before a correction is taken back.
  const since = lastCorrection(text);
  const statements = CUES.flatMap((cue) => cue.find(text))
    .filter((s) => s.start >= since)
    .sort((a, b) => b.start - a.start);
  for (const s of statements) {
    const f = finding(resolveClause(s.text, s.negated, true), "strict", s.text);
    if (f) return f;
  }
  const last = numbersIn(text).at(-1);
  if (!last) return null;
  const before = text.slice(0, last.start);
  const from = Math.max(before.lastIndexOf("\n"), ...[...before.matchAll(/[.!?](?=\s)/g)].map((m) => m.index)) + 1;
  const sentence = text.slice(from, Math.max(sentenceEnd(text, last.start), last.end));
  return finding(resolveClause(sentence, false, false), "flexible", sentence);
}
