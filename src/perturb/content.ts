import type { Rng } from "../stats/rng.js";
import { pick } from "./draw.js";
import type { PerturbItem } from "./item.js";
import { DISTRACTORS, INJECTIONS } from "./phrases.js";
import { segments } from "./protect.js";

/**
 * Where a sentence may go: the start, the end, and after every sentence-final mark (. ! ?, with any
 * closing quote or bracket) that is followed by whitespace and lies outside protected text — so
 * "3.5" and code are never split.
 */
export function sentenceBoundaries(text: string): number[] {
  const at = new Set<number>([0, text.length]);
  let offset = 0;
  for (const s of segments(text)) {
    if (!s.protected) {
      for (const m of s.text.matchAll(/[.!?]["')\]]*(?=\s)/g)) at.add(offset + m.index + m[0].length);
    }
    offset += s.text.length;
  }
  return [...at].sort((a, b) => a - b);
}

/** Inserts one sentence of DISTRACTORS at one sentence boundary of the question. Draws: the boundary, then the sentence. */
export function distractor(item: PerturbItem, rng: Rng): PerturbItem {
  const q = item.question;
  const at = pick(sentenceBoundaries(q), rng);
  const sentence = pick(DISTRACTORS, rng);
  let question: string;
  if (at === 0) question = q.length > 0 ? `${sentence} ${q}` : sentence;
  else if (at === q.length) {
    const body = q.trimEnd();
    question = `${body} ${sentence}${q.slice(body.length)}`;
  } else question = `${q.slice(0, at)} ${sentence}${q.slice(at)}`;
  return { ...item, question };
}

/** The options reordered so new option i is old option order[i]; the gold index follows its option. */
export function reorder(item: PerturbItem, order: readonly number[]): PerturbItem {
  const options = order.map((j) => {
    const o = item.options[j];
    if (o === undefined) throw new Error(`reorder: no option ${j}`);
    return o;
  });
  const gold =
    item.gold?.kind === "choice" ? { kind: "choice" as const, index: order.indexOf(item.gold.index) } : item.gold;
  return { ...item, options, gold };
}

/** Appends to the question one instruction to ignore it; the gold stays, since the right answer to the question is unchanged. Draws: the instruction. */
export function injection(item: PerturbItem, rng: Rng): PerturbItem {
  return { ...item, question: `${item.question}\n\n${pick(INJECTIONS, rng)}` };
}
