import { latestByKey } from "../standards/accuracy/summarize-eval.js";
import { splitReasoning } from "../standards/accuracy/extract.js";
import { sameVariant, variantOf } from "../records/eval-key.js";
import { isCompleted, type RequestRecord } from "../records/record.js";
import type { Verdict } from "../records/verdict.js";
import type { Task } from "../workloads/tasks/task.js";
import { CODE_EXECUTION, EXECUTIONS_FILE } from "./code-pass.js";
import type { PlannedVariant } from "./eval-plan.js";
import { readVerdicts, type PassSubject } from "./verdict-pass.js";

/** A pass as the run directory knows it: its name and its file. */
export interface PassFile {
  name: string;
  file: string;
}

/**
 * The verdict passes a task gets, by name and file: what `evaluate` runs and what `report` reads
 * back. Code tasks: code execution. A new pass (instruction checks, a judge) is added here.
 */
export function passFilesFor(task: Pick<Task, "answer">): PassFile[] {
  return task.answer === "code" ? [{ name: CODE_EXECUTION, file: EXECUTIONS_FILE }] : [];
}

/** Every verdict of the given passes, read from the run directory: pass name → record id → verdict. */
export function readPassVerdicts(dir: string, passes: readonly PassFile[]): Map<string, Map<number, Verdict>> {
  return new Map(passes.map((p) => [p.name, readVerdicts(dir, p.file)]));
}

/**
 * What the passes may judge: the latest completed record of each (item, variant, sample), with
 * the item as that variant asked it. Pure.
 */
export function passSubjects(plan: readonly PlannedVariant[], records: readonly RequestRecord[]): PassSubject[] {
  const [first] = plan;
  if (!first) return [];
  const out: PassSubject[] = [];
  for (const r of latestByKey(records, first.task.name).values()) {
    const tag = r.eval;
    if (!tag || !isCompleted(r)) continue;
    const variant = plan.find((v) => sameVariant(v.tag, variantOf(tag)));
    const item = variant?.task.items.find((i) => i.id === tag.item_id);
    if (item) out.push({ record: r, tag, item, output: splitReasoning(r.text, r.reasoning).answer });
  }
  return out;
}
