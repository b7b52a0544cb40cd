import type { Task, TaskItem } from "./task.js";

// Written for infermark: short questions any model can be asked offline, so `infermark run` with
// no config shows every standard on the bundled model without a dataset. Numeric answers, so the
// numeric scorer and the robustness perturbations (which leave digits alone) both apply.
const QUESTIONS: Array<[string, number]> = [
  ["Tom has 3 apples and gets 2 more. How many apples does he have?", 5],
  ["A box holds 4 rows of 6 eggs. How many eggs are in the box?", 24],
  ["Lily read 12 pages on Monday and 15 on Tuesday. How many pages did she read?", 27],
  ["There are 20 birds on a tree and 8 fly away. How many birds are left?", 12],
  ["A bus carries 9 children on each of 3 trips. How many children does it carry?", 27],
  ["Sam splits 18 sweets equally among 3 friends. How many does each friend get?", 6],
  ["A garden has 7 rows with 5 flowers in each row. How many flowers are there?", 35],
  ["Mia had 50 stickers and gave 17 to her brother. How many does she have now?", 33],
];

/** The built-in `starter` task: eight one-step word problems with numeric answers. */
export function starterTask(): Task {
  const items: TaskItem[] = QUESTIONS.map(([q, a], i) => ({
    id: `starter-${i}`,
    input: q,
    targets: [a],
    choices: [],
    metadata: {},
  }));
  return {
    name: "starter",
    source: "built in (infermark)",
    items,
    fewshotPool: items,
    prompt: {
      system: null,
      template: '{input}\nGive the final answer as "Answer: N".',
      answerTemplate: "Answer: {target}",
      fewshot: 0,
    },
    answer: "number",
    metrics: ["numeric"],
    generation: { maxTokens: 64, temperature: 0, stop: [] },
  };
}
