import type { ChatMessage } from "../../../records/protocol.js";
import { UserError } from "../../../errors.js";
import { pairwisePrompt, rubricNamed, singleGradePrompt } from "./rubrics.js";

/** One MT-Bench judge template (a line of its judge_prompts.jsonl), loaded as data. */
export interface JudgeTemplate {
  name: string;
  system_prompt: string;
  prompt_template: string;
}

/** MT-Bench's templates by name, from the lines of judge_prompts.jsonl; the four first-turn ones must be there. */
export function judgeTemplates(lines: readonly unknown[], where: string): Map<string, JudgeTemplate> {
  const out = new Map<string, JudgeTemplate>();
  for (const l of lines) {
    const o = l as Partial<JudgeTemplate> | null;
    if (o && typeof o.name === "string" && typeof o.system_prompt === "string" && typeof o.prompt_template === "string")
      out.set(o.name, { name: o.name, system_prompt: o.system_prompt, prompt_template: o.prompt_template });
  }
  const missing = ["single-v1", "single-math-v1", "pair-v2", "pair-math-v1"].filter((n) => !out.has(n));
  if (missing.length > 0)
    throw new UserError(`${where}: not MT-Bench judge prompts (no template ${missing.join(", ")})`);
  return out;
}

/** What the judge is shown of one item. */
export interface JudgeQuestion {
  question: string;
  answer: string;
  /** Pairwise: the baseline's answer. */
  other?: string;
  /** A correct answer to grade against (MT-Bench's reference-guided grading for math, reasoning, coding). */
  reference?: string;
}

// Placeholders are filled one pass over the template, so an answer containing "{answer_b}" is never itself filled in.
function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}

/** The messages for a single grade: infermark's rubric prompt, or MT-Bench's (reference-guided when there is a reference). */
export function singleMessages(
  q: JudgeQuestion,
  rubric: string,
  scale: [number, number],
  templates: ReadonlyMap<string, JudgeTemplate> | null,
): ChatMessage[] {
  if (templates) {
    const t = templates.get(q.reference !== undefined ? "single-math-v1" : "single-v1");
    if (t) return templated(t, { question: q.question, answer: q.answer, ref_answer_1: q.reference ?? "" });
  }
  const r = rubricNamed(rubric);
  return singleGradePrompt({ ...r, min: scale[0], max: scale[1] }, q.question, q.answer, q.reference);
}

/** The messages for one order of a pairwise comparison: `a` is shown as Assistant A. */
export function pairMessages(
  question: string,
  a: string,
  b: string,
  reference: string | undefined,
  templates: ReadonlyMap<string, JudgeTemplate> | null,
): ChatMessage[] {
  if (templates) {
    const t = templates.get(reference !== undefined ? "pair-math-v1" : "pair-v2");
    if (t) return templated(t, { question, answer_a: a, answer_b: b, ref_answer_1: reference ?? "" });
  }
  return pairwisePrompt(question, a, b, reference);
}

function templated(t: JudgeTemplate, values: Record<string, string>): ChatMessage[] {
  return [
    { role: "system", content: t.system_prompt },
    { role: "user", content: fill(t.prompt_template, values) },
  ];
}

/** The follow-up after a reply that did not parse: the judge sees its reply and is asked once more for the format. */
export function retryMessages(
  prompt: readonly ChatMessage[],
  reply: string,
  reason: string,
  pairwise: boolean,
): ChatMessage[] {
  const format = pairwise ? '{"reason": "...", "winner": "A" | "B" | "tie"}' : '{"reason": "...", "score": N}';
  return [
    ...prompt,
    { role: "assistant", content: reply },
    { role: "user", content: `Your verdict could not be read (${reason}). Reply again with JSON only: ${format}` },
  ];
}
