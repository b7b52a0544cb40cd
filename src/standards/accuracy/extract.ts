import { normalizeNumber, normalizeText } from "./normalize.js";

/** What kind of answer a task expects, which decides how it is found in the output. */
export type AnswerKind = "number" | "choice" | "text" | "code";

/** How the answer was found: a strict pattern, a flexible fallback, or not at all. */
export type ExtractionStage = "strict" | "flexible" | "none";

/** The answer found in one output, with how it was found; kept in every sample's verdict. */
export interface Extraction {
  /** The normalised answer (a number string, a choice letter, or text), or null. */
  answer: string | null;
  stage: ExtractionStage;
  /** The raw matched text, before normalisation. */
  raw: string | null;
  /** The strict pattern alone found nothing, or something other than the final answer. */
  strictAnswer: string | null;
}

/** The answer part of an output and its reasoning trace, kept apart. */
export interface SplitOutput {
  answer: string;
  reasoning: string;
  /** A `<think>` with no `</think>`: the model never got to its answer. */
  unclosed: boolean;
}

/** Separates `<think>…</think>` traces (and a reasoning field the server sent apart) from the answer. */
export function splitReasoning(text: string, reasoningField = ""): SplitOutput {
  let reasoning = reasoningField;
  let answer = text;
  const re = /<think>([\s\S]*?)<\/think>/g;
  answer = answer.replace(re, (_m, inner: string) => {
    reasoning += inner;
    return "";
  });
  // Some templates open the trace in the prompt, so the output starts mid-trace and only closes it.
  const closeOnly = answer.indexOf("</think>");
  if (closeOnly >= 0 && !answer.slice(0, closeOnly).includes("<think>")) {
    reasoning += answer.slice(0, closeOnly);
    answer = answer.slice(closeOnly + "</think>".length);
  }
  const open = answer.indexOf("<think>");
  if (open >= 0) return { answer: answer.slice(0, open), reasoning: reasoning + answer.slice(open + 7), unclosed: true };
  return { answer: answer.trim(), reasoning, unclosed: false };
}

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const NUMBER = String.raw`-?\$?\s?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|-?\.\d+`;

function lastMatch(text: string, re: RegExp): RegExpExecArray | null {
  let last: RegExpExecArray | null = null;
  for (const m of text.matchAll(re)) last = m;
  return last;
}

/** Strict patterns, tried in order; the last match of the first pattern that matches wins. */
function strictCandidates(text: string): string[] {
  const out: string[] = [];
  const boxed = lastMatch(text, /\\boxed\{((?:[^{}]|\{[^{}]*\})*)\}/g);
  if (boxed) out.push(boxed[1]!);
  const hashes = lastMatch(text, /####\s*([^\n]+)/g);
  if (hashes) out.push(hashes[1]!);
  // The text after the last "answer is" / "Answer:" on its line.
  const answer = lastMatch(text, /answer\s*(?:is|:|=)\s*:?\s*/gi);
  if (answer) {
    const rest = text.slice(answer.index + answer[0].length).split("\n")[0]!;
    if (rest.trim()) out.push(rest);
  }
  return out;
}

function choiceLetter(raw: string, n: number): string | null {
  const m = /^\s*[(*[]*\s*([A-Za-z])\s*[)\].:*]*(?:\s|$)/.exec(raw);
  if (!m) return null;
  const letter = m[1]!.toUpperCase();
  return LETTERS.indexOf(letter) >= 0 && LETTERS.indexOf(letter) < n ? letter : null;
}

function numberIn(raw: string, last: boolean): string | null {
  const all = [...raw.matchAll(new RegExp(NUMBER, "g"))];
  const m = last ? all.at(-1) : all[0];
  return m ? normalizeNumber(m[0]) : null;
}

/**
 * Finds the answer in an output in stages: (a) a strict pattern (`\boxed{}`, `#### N`,
 * `answer is X` / `Answer: X`), last match; (b) a flexible fallback (the last number; a lone
 * choice letter or `(B)`; the one choice whose text appears); (c) normalisation of what was
 * found. Text answers use the strict pattern, else the whole output.
 */
export function extractAnswer(output: string, kind: AnswerKind, choices: readonly string[] = []): Extraction {
  const strictRaw = strictCandidates(output);
  const fromStrict = (raw: string): string | null => {
    if (kind === "number") return numberIn(raw, false);
    if (kind === "choice") return choiceLetter(raw, choices.length) ?? choiceByText(raw, choices);
    return normalizeText(raw) || null;
  };
  for (const raw of strictRaw) {
    const a = fromStrict(raw);
    if (a !== null) return { answer: a, stage: "strict", raw: raw.trim(), strictAnswer: a };
  }
  let flexible: string | null = null;
  if (kind === "number") flexible = numberIn(output, true);
  else if (kind === "choice") {
    const alone = choiceLetter(output.trim().length <= 4 ? output : "", choices.length);
    const paren = lastMatch(output, /\(([A-Z])\)/g);
    const parenLetter = paren && LETTERS.indexOf(paren[1]!) < choices.length ? paren[1]! : null;
    flexible = alone ?? parenLetter ?? choiceByText(output, choices);
  } else if (kind === "text") flexible = normalizeText(output) || null;
  else flexible = output.trim().length ? output : null;
  return flexible !== null ? { answer: flexible, stage: "flexible", raw: output.trim(), strictAnswer: null } : { answer: null, stage: "none", raw: null, strictAnswer: null };
}

/** The letter of the only choice whose normalised text appears in the output (ambiguity gives null). */
function choiceByText(output: string, choices: readonly string[]): string | null {
  const out = ` ${normalizeText(output)} `;
  const hits = choices.map((c, i) => [normalizeText(c), i] as const).filter(([c]) => c.length > 0 && out.includes(` ${c} `));
  if (hits.length !== 1) {
    // Prefer an exact whole-output match when several choice texts overlap.
    const exact = hits.find(([c]) => c === out.trim());
    return exact ? LETTERS[exact[1]]! : null;
  }
  return LETTERS[hits[0]![1]]!;
}
