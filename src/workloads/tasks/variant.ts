import type { PromptSpec, TaskItem } from "./task.js";

/**
 * One way to ask every item of a task differently (robustness): a perturbation of the item (typos,
 * case, reordered options) or a prompt format, with the seed it draws with. The eval plan asks
 * each item once as written and once per variant, for every sample.
 *
 * `apply` must be pure and depend only on the seed and the item (derive per-item randomness from
 * both, never from call order): the items it makes are written to the run directory and must not
 * change between a run and its resume. It may change the answer's form with the question (a
 * reordered option list moves the target letter); the returned item is what its answer is scored
 * against. It must keep the item's id.
 */
export interface ItemVariant {
  /** Unique within a run: the summary's per-variant results are keyed by it. */
  name: string;
  seed: number;
  apply(item: TaskItem): TaskItem;
  /** A format variant: the prompt this variant asks in (system prompt, template); absent, the task's own. */
  prompt?(prompt: PromptSpec): PromptSpec;
}
