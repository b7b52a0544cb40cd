import { findChoice } from "./extract-choice.js";
import { findNumber } from "./extract-number.js";

/** What kind of answer a task expects, which decides how it is found in the output. */
export type AnswerKind = "number" | "choice" | "text" | "code";

/** How the answer was found: a strict pattern, a flexible fallback, or not at all. */
export type ExtractionStage = "strict" | "flexible" | "none";

/** The answer found in one output, with how it was found; kept in every sample's verdict. */
export interface Extraction {
  /** The answer: a canonical number string, a choice letter, or text as written; null when none. */
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
  if (open >= 0)
    return { answer: answer.slice(0, open), reasoning: reasoning + answer.slice(open + 7), unclosed: true };
  return { answer: answer.trim(), reasoning, unclosed: false };
}

/** The text after the last "answer is" / "Answer:" on its line (text answers). */
function answerClause(text: string): string | null {
  const all = [...text.matchAll(/answer\s*(?:is|:|=)\s*:?\s*/gi)];
  const last = all.at(-1);
  if (!last) return null;
  const rest = (text.slice(last.index + last[0].length).split("\n")[0] ?? "").trim();
  // The period that ends the sentence is not part of the answer ("The answer is Paris."), one of an abbreviation is ("U.S.").
  const answer = /(?:^|[^.\p{L}]|\p{L}{2})\.$/u.test(rest) ? rest.slice(0, -1).trim() : rest;
  return answer ? answer : null;
}

const NONE: Extraction = { answer: null, stage: "none", raw: null, strictAnswer: null };

/**
 * Finds the answer in an output (docs/eval.md, "Answer extraction"). Numbers: the last answer
 * statement, else a final conclusion, else the last number (extract-number.ts). Choices: the last
 * explicit answer statement, else a choice in prose, else the last option letter nobody rules out,
 * else the option whose text is stated (extract-choice.ts). Text: the clause after the last
 * "answer is" / "Answer:", else the whole output, as written (scorers normalise). Code: the output.
 */
export function extractAnswer(output: string, kind: AnswerKind, choices: readonly string[] = []): Extraction {
  if (kind === "number") {
    const f = findNumber(output);
    if (!f) return NONE;
    return {
      answer: f.answer,
      stage: f.answer === null ? "none" : f.stage,
      raw: f.raw,
      strictAnswer: f.stage === "strict" ? f.answer : null,
    };
  }
  if (kind === "choice") {
    const f = findChoice(output, choices);
    return f
      ? { answer: f.letter, stage: f.stage, raw: f.raw, strictAnswer: f.stage === "strict" ? f.letter : null }
      : NONE;
  }
  if (kind === "text") {
    const strict = answerClause(output);
    if (strict !== null) return { answer: strict, stage: "strict", raw: strict, strictAnswer: strict };
    const whole = output.trim();
    return whole ? { answer: whole, stage: "flexible", raw: whole, strictAnswer: null } : NONE;
  }
  return output.trim().length ? { answer: output, stage: "flexible", raw: output.trim(), strictAnswer: null } : NONE;
}
