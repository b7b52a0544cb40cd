import { describe, expect, it } from "vitest";
import { sampleKey } from "../../src/records/eval-key.js";
import type { RequestRecord } from "../../src/records/record.js";
import { planHash, planRequests, planVariants, restoreVariants } from "../../src/runner/eval-plan.js";
import { summarizeEval } from "../../src/runner/eval-summary.js";
import { promptSetHash, renderMessages } from "../../src/workloads/tasks/render.js";
import type { Task, TaskItem } from "../../src/workloads/tasks/task.js";
import type { ItemVariant } from "../../src/workloads/tasks/variant.js";
import { makeRecord } from "../helpers/records.js";

const item = (id: string, choices: string[], target: string): TaskItem => ({
  id,
  input: `Which is ${id}?`,
  targets: [target],
  choices,
  metadata: {},
});

const task: Task = {
  name: "mc",
  source: "test",
  items: [item("q1", ["red", "blue"], "A"), item("q2", ["cat", "dog"], "B")],
  fewshotPool: [],
  prompt: { system: null, template: "{input}\n{choices}", answerTemplate: "{target}", fewshot: 0 },
  answer: "choice",
  metrics: ["choice"],
  generation: { maxTokens: 8, temperature: 0, stop: [] },
};

/** Reverses a two-option item's options: the target letter moves with its option (A ↔ B). */
const swap: ItemVariant = {
  name: "swap",
  seed: 1,
  apply: (it) => ({
    ...it,
    choices: [...it.choices].reverse(),
    targets: it.targets.map((t) => (t === "A" ? "B" : "A")),
  }),
};
const terse: ItemVariant = {
  name: "terse",
  seed: 2,
  apply: (it) => it,
  prompt: (p) => ({ ...p, system: "Answer with one letter." }),
};

describe("plan: task and variants to requests", () => {
  const settings = { samples: 2, seed: 5, api: "chat" as const };

  it("asks every (item, variant, sample) once, item by item, and skips what is done", () => {
    const plan = planVariants(task, [swap, terse]);
    const all = planRequests(plan, settings, new Set());
    // 2 items × (original + 2 variants) × 2 samples.
    expect(all).toHaveLength(12);
    const keys = all.map((w) => (w.eval ? sampleKey(w.eval) : ""));
    expect(new Set(keys).size).toBe(12);
    expect(all.slice(0, 6).every((w) => w.eval?.item_id === "q1")).toBe(true);
    // The swapped variant asks the options in the other order; the format variant adds its system prompt.
    const swapped = all.find((w) => w.eval?.variant?.name === "swap");
    expect(swapped?.messages?.at(-1)?.content).toBe("Which is q1?\nA. blue\nB. red");
    expect(all.find((w) => w.eval?.variant?.name === "terse")?.messages?.[0]).toEqual({
      role: "system",
      content: "Answer with one letter.",
    });
    const done = new Set([
      sampleKey({ item_id: "q1", sample: 0 }),
      sampleKey({ item_id: "q2", sample: 1, variant: { name: "swap", seed: 1 } }),
    ]);
    const rest = planRequests(plan, settings, done);
    expect(rest).toHaveLength(10);
    expect(rest.map((w) => (w.eval ? sampleKey(w.eval) : ""))).not.toContain(sampleKey({ item_id: "q1", sample: 0 }));
  });

  it("without variants the prompt hash is the one runs had before variants; with them it differs", () => {
    const plain = planHash(planVariants(task, []), settings);
    // The definition run.json's prompt_hash has always had: the hash of every rendered prompt, in order.
    expect(plain).toBe(promptSetHash(task.items.map((it) => renderMessages(task, it, 5))));
    expect(planHash(planVariants(task, [swap]), settings)).not.toBe(plain);
    // Restored from what the run directory stores, the plan hashes the same.
    const stored = planVariants(task, [swap]).flatMap((v) =>
      v.tag ? [{ tag: v.tag, prompt: v.task.prompt, items: v.task.items }] : [],
    );
    expect(planHash(restoreVariants(task, stored), settings)).toBe(planHash(planVariants(task, [swap]), settings));
  });
});

describe("summarize: records to the summary, per variant", () => {
  it("scores a variant's answer against the variant's own targets", () => {
    const plan = planVariants(task, [swap]);
    // The model always answers A: right on q1 as written (A = red), wrong once its options are swapped.
    const records: RequestRecord[] = [];
    for (const v of [null, { name: "swap", seed: 1 }]) {
      for (const id of ["q1", "q2"])
        records.push(
          makeRecord([[1, 1]], {
            id: records.length,
            eval: { task: "mc", item_id: id, sample: 0, ...(v ? { variant: v } : {}) },
            text: "A",
            finish_reason: "stop",
          }),
        );
    }
    const { summary, verdicts } = summarizeEval({
      target: { kind: "openai" },
      plan,
      records,
      verdicts: new Map(),
      samples: 1,
      seed: 0,
    });
    const t = summary.tasks[0];
    // As written: q1 right (A), q2 wrong (B). Swapped: q1's target is B (wrong), q2's is A (right).
    expect(t?.metrics.choice?.value).toBe(0.5);
    expect(t?.variants?.swap?.metrics.choice?.value).toBe(0.5);
    expect(verdicts.filter((v) => v.variant?.name === "swap").map((v) => [v.item_id, v.scores.choice])).toEqual([
      ["q1", 0],
      ["q2", 1],
    ]);
    expect(verdicts.filter((v) => !v.variant).map((v) => [v.item_id, v.scores.choice])).toEqual([
      ["q1", 1],
      ["q2", 0],
    ]);
  });

  it("a variant that changes an item's id is refused", () => {
    expect(() =>
      planVariants(task, [{ name: "renamer", seed: 0, apply: (it) => ({ ...it, id: `${it.id}-x` }) }]),
    ).toThrow(/must keep the item's id/);
  });
});
