import { createHash } from "node:crypto";
import type { ChatMessage } from "../../records/protocol.js";
import { createRng, mixSeed } from "../../stats/rng.js";
import { LETTERS, type Task, type TaskItem } from "./task.js";

function fill(template: string, item: TaskItem & { solution?: string }): string {
  const input = typeof item.input === "string" ? item.input : item.input.map((m) => m.content).join("\n");
  const choices = item.choices.map((c, i) => `${LETTERS[i]}. ${c}`).join("\n");
  const target = String(item.targets[0] ?? "");
  return template
    .replace(/\{input\}/g, input)
    .replace(/\{choices\}/g, choices)
    .replace(/\{target\}/g, target)
    .replace(/\{answer\}/g, target)
    .replace(/\{solution\}/g, item.solution ?? target);
}

/** `k` few-shot examples for an item: a seeded draw from the pool that never includes the item itself. */
export function fewshotFor(task: Task, item: TaskItem, k: number, seed: number): TaskItem[] {
  if (k === 0) return [];
  const pool = task.fewshotPool.filter((x) => x.id !== item.id);
  const rng = createRng(
    mixSeed(
      seed,
      [...item.id].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7),
    ),
  );
  const picked: TaskItem[] = [];
  const taken = new Set<number>();
  while (picked.length < Math.min(k, pool.length)) {
    const i = Math.floor(rng() * pool.length);
    if (taken.has(i)) continue;
    taken.add(i);
    picked.push(pool[i]!);
  }
  return picked;
}

/** An item as chat messages: system prompt, few-shot examples as alternating user/assistant turns, then the question. */
export function renderMessages(task: Task, item: TaskItem, seed: number): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (task.prompt.system) messages.push({ role: "system", content: task.prompt.system });
  for (const shot of fewshotFor(task, item, task.prompt.fewshot, seed)) {
    messages.push(
      { role: "user", content: fill(task.prompt.template, shot) },
      { role: "assistant", content: fill(task.prompt.answerTemplate, shot) },
    );
  }
  if (typeof item.input === "string") messages.push({ role: "user", content: fill(task.prompt.template, item) });
  else messages.push(...item.input);
  return messages;
}

/** The same prompt as raw text for `--api completions`: turns separated by blank lines, ending where the answer starts. */
export function renderPrompt(messages: readonly ChatMessage[]): string {
  return messages.map((m) => m.content).join("\n\n") + "\n\n";
}

/** Content hash of every rendered prompt of a run (order included), recorded in run.json. */
export function promptSetHash(prompts: ReadonlyArray<ChatMessage[] | string>): string {
  const h = createHash("sha256");
  for (const p of prompts) h.update(JSON.stringify(p)).update("\n");
  return `sha256:${h.digest("hex")}`;
}
