import { UserError } from "../errors.js";
import { itemSeed, perturbItem } from "../perturb/apply.js";
import { DEFAULT_FORMAT, type PerturbItem } from "../perturb/item.js";
import { parsePerturbations } from "../perturb/spec.js";
import type { ParsedPerturbation } from "../perturb/table.js";
import type { ChatMessage } from "../records/protocol.js";
import { LETTERS, type TaskItem } from "../workloads/tasks/task.js";

/** One robustness variant of every item of a task, in the shape the eval plan takes (workloads/tasks/variant.ts). */
export interface PerturbationVariant {
  name: string;
  seed: number;
  /** The perturbation's family (char, word, unicode, content), for the per-family robustness figures. */
  family: string;
  apply(item: TaskItem): TaskItem;
}

/** The user text of an item: its input, or the last user turn of ready-made messages. */
function userText(item: TaskItem): string {
  if (typeof item.input === "string") return item.input;
  const last = [...item.input].reverse().find((m) => m.role === "user");
  return last?.content ?? "";
}

function withUserText(item: TaskItem, text: string): TaskItem["input"] {
  if (typeof item.input === "string") return text;
  const i = item.input.map((m) => m.role).lastIndexOf("user");
  return item.input.map((m, j): ChatMessage => (j === i ? { ...m, content: text } : m));
}

/** A task item as the perturbation library sees it: the user text as the question, the choices as options, a lettered target as the gold option. */
function toPerturbItem(item: TaskItem): PerturbItem {
  const letter = typeof item.targets[0] === "string" ? LETTERS.indexOf(item.targets[0]) : -1;
  const gold =
    item.choices.length > 0 && letter >= 0 && letter < item.choices.length
      ? { kind: "choice" as const, index: letter }
      : null;
  return {
    question: userText(item),
    options: [...item.choices],
    instruction: null,
    system: null,
    gold,
    format: DEFAULT_FORMAT,
  };
}

function fromPerturbItem(item: TaskItem, p: PerturbItem): TaskItem {
  const targets = p.gold?.kind === "choice" ? [LETTERS[p.gold.index] ?? ""] : item.targets;
  return { ...item, input: withUserText(item, p.question), choices: p.options, targets };
}

// Format perturbations rearrange a structured prompt (labels, separators, where the instruction
// sits); eval's prompts come from the task's template, which they cannot reach yet.
const UNSUPPORTED_FAMILIES = new Set(["format", "paraphrase"]);

/**
 * The eval variants a `--perturb` list asks for. Each perturbation's variants are counted on the
 * first item: a multi-variant perturbation (choice-order:all, choice-order:K) gives one variant per
 * order, named by its label (`choice-order:3#0`, …), and an item that yields a different count is
 * a user error rather than a variant silently missing.
 */
export function perturbationVariants(
  specs: readonly string[],
  items: readonly TaskItem[],
  runSeed: number,
): PerturbationVariant[] {
  const parsed: ParsedPerturbation[] = specs.flatMap((s) => parsePerturbations(s));
  const first = items[0];
  if (!first) return [];
  const out: PerturbationVariant[] = [];
  for (const p of parsed) {
    if (UNSUPPORTED_FAMILIES.has(p.family))
      throw new UserError(
        `perturbation ${p.spec} (${p.family}) is not supported by eval yet; character, word, Unicode and content perturbations are`,
      );
    const variantsOf = (item: TaskItem) => perturbItem(toPerturbItem(item), p, itemSeed(runSeed, item.id));
    const count = variantsOf(first).length;
    if (count === 0)
      throw new UserError(
        `perturbation ${p.spec} does not apply to item ${first.id} of this task (a multiple-choice perturbation on a task without choices?)`,
      );
    for (let v = 0; v < count; v++) {
      const label = variantsOf(first)[v]?.description.label ?? p.spec;
      out.push({
        name: label,
        seed: runSeed,
        family: p.family,
        apply: (item) => {
          const made = variantsOf(item);
          const mine = made[v];
          if (!mine || made.length !== count)
            throw new UserError(
              `perturbation ${p.spec} gives item ${item.id} ${made.length} variants, not ${count} as for item ${first.id}: items need the same number of options`,
            );
          return fromPerturbItem(item, mine.item);
        },
      });
    }
  }
  return out;
}
