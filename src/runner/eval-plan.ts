import { UserError } from "../errors.js";
import { sampleKey } from "../records/eval-key.js";
import type { ChatMessage } from "../records/protocol.js";
import type { VariantTag } from "../records/record.js";
import { mixSeed } from "../stats/rng.js";
import { promptSetHash, renderMessages, renderPrompt } from "../workloads/tasks/render.js";
import type { Task, TaskItem } from "../workloads/tasks/task.js";
import type { ItemVariant } from "../workloads/tasks/variant.js";
import type { WorkItem } from "../workloads/workload.js";

/** The few settings the plan reads: how many samples, the seed, and the API the prompts are rendered for. */
export interface PlanSettings {
  samples: number;
  seed: number;
  api: "chat" | "completions";
}

/** One way the task is asked: the original (tag null) or a variant, as a task of its own (its items, its prompt). */
export interface PlannedVariant {
  tag: VariantTag | null;
  task: Task;
}

/** The task as written, then each variant applied to it; a variant's items are what its answers are scored against. */
export function planVariants(task: Task, variants: readonly ItemVariant[]): PlannedVariant[] {
  const names = new Set<string>();
  const out: PlannedVariant[] = [{ tag: null, task }];
  for (const v of variants) {
    if (names.has(v.name))
      throw new UserError(`variant ${v.name} is given twice: variant names must be unique within a run`);
    names.add(v.name);
    const items = task.items.map((item) => {
      const changed = v.apply(item);
      if (changed.id !== item.id)
        throw new UserError(
          `variant ${v.name} changed item id ${item.id} to ${changed.id}: a variant must keep the item's id`,
        );
      return changed;
    });
    out.push({
      tag: { name: v.name, seed: v.seed },
      task: { ...task, items, prompt: v.prompt ? v.prompt(task.prompt) : task.prompt },
    });
  }
  return out;
}

/** A variant as stored in the run directory (run.json lists the tags and prompts, variants.jsonl the items). */
export interface StoredVariant {
  tag: VariantTag;
  prompt: Task["prompt"];
  items: TaskItem[];
}

/** Rebuilds planned variants from what the run directory stored: no variant code is needed to resume or report. */
export function restoreVariants(task: Task, stored: readonly StoredVariant[]): PlannedVariant[] {
  return [
    { tag: null, task },
    ...stored.map((s) => ({ tag: s.tag, task: { ...task, items: s.items, prompt: s.prompt } })),
  ];
}

function rendered(v: PlannedVariant, seed: number): ChatMessage[][] {
  return v.task.items.map((item) => renderMessages(v.task, item, seed));
}

/**
 * The hash run.json keeps of every prompt of the run. The original's is what it has always been,
 * so a run from before variants resumes; variants, when there are any, are hashed after it.
 */
export function planHash(plan: readonly PlannedVariant[], settings: PlanSettings): string {
  const prompts = (v: PlannedVariant): Array<ChatMessage[] | string> => {
    const r = rendered(v, settings.seed);
    return settings.api === "completions" ? r.map(renderPrompt) : r;
  };
  const [original, ...variants] = plan;
  const base = original ? promptSetHash(prompts(original)) : promptSetHash([]);
  if (variants.length === 0) return base;
  return promptSetHash([
    base,
    ...variants.map((v) => `${v.tag?.name ?? ""}#${v.tag?.seed ?? ""}:${promptSetHash(prompts(v))}`),
  ]);
}

/**
 * Every (item, variant, sample) not in `done` (keys of sampleKey), item by item so that a cut run
 * holds whole pairs. A sample draws with the same seed under every variant: the variants of an
 * item differ in their input only.
 */
export function planRequests(
  plan: readonly PlannedVariant[],
  settings: PlanSettings,
  done: ReadonlySet<string>,
): WorkItem[] {
  const perVariant = plan.map((v) => rendered(v, settings.seed));
  const items = plan[0]?.task.items ?? [];
  const out: WorkItem[] = [];
  items.forEach((_, i) => {
    plan.forEach((v, j) => {
      const item = v.task.items[i];
      const messages = perVariant[j]?.[i];
      if (!item || !messages) return;
      for (let s = 0; s < settings.samples; s++) {
        const tag = { task: v.task.name, item_id: item.id, sample: s, ...(v.tag ? { variant: v.tag } : {}) };
        if (done.has(sampleKey(tag))) continue;
        const sampling =
          settings.samples > 1 || v.task.generation.temperature > 0
            ? { seed: mixSeed(settings.seed, i, s) & 0x7fffffff }
            : {};
        out.push({
          ...(settings.api === "completions"
            ? {
                prompt:
                  v.task.answer === "code" && typeof item.input === "string" ? item.input : renderPrompt(messages),
              }
            : { messages }),
          maxTokens: v.task.generation.maxTokens,
          inputTokensHint: null,
          eval: tag,
          params: sampling,
        });
      }
    });
  });
  return out;
}
