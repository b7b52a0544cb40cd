import { CODE_EXECUTION, latestByKey } from "../standards/accuracy/summarize-eval.js";
import { splitReasoning } from "../standards/accuracy/extract.js";
import { sampleKey } from "../records/eval-key.js";
import { isCompleted, type RequestRecord } from "../records/record.js";
import type { Verdict } from "../records/verdict.js";
import type { Task } from "../workloads/tasks/task.js";
import { JUDGE, JUDGE_FILE } from "../standards/usability/judge/judge-verdict.js";
import { runPaths } from "../records/run-dir.js";
import { codeExecutionPass, EXECUTIONS_FILE } from "./code-pass.js";
import type { Isolation } from "./sandbox/isolation.js";
import type { PlannedVariant } from "./eval-plan.js";
import { readVerdicts, type PassSubject, type VerdictPass } from "./verdict-pass.js";

/** A pass as the run directory knows it: its name and its file. */
export interface PassFile {
  name: string;
  file: string;
}

/**
 * The verdict passes a task gets, by name and file: what `evaluate` runs and what `report` reads
 * back. Code tasks: code execution; a run with --judge: the judge. A new pass is added here.
 */
export function passFilesFor(task: Pick<Task, "answer">, judged = false): PassFile[] {
  return [
    ...(task.answer === "code" ? [{ name: CODE_EXECUTION, file: EXECUTIONS_FILE }] : []),
    ...(judged ? [{ name: JUDGE, file: JUDGE_FILE }] : []),
  ];
}

/** The verdict passes this run executes: those of passFilesFor, made runnable (code execution needs the sandbox detected before the run). */
export function passesFor(
  task: Pick<Task, "answer">,
  isolation: Isolation | null,
  dir: string,
  secrets: readonly string[],
): VerdictPass[] {
  return task.answer === "code" && isolation ? [codeExecutionPass(isolation, runPaths(dir).run, secrets)] : [];
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
  // Looked up by key, not searched: a long run has many records and many items.
  const items = new Map(
    plan.flatMap((v) => v.task.items.map((i) => [sampleKey({ item_id: i.id, sample: 0, variant: v.tag }), i] as const)),
  );
  const out: PassSubject[] = [];
  for (const r of latestByKey(records, first.task.name).values()) {
    const tag = r.eval;
    if (!tag || !isCompleted(r)) continue;
    const item = items.get(sampleKey({ ...tag, sample: 0 }));
    if (item) out.push({ record: r, tag, item, output: splitReasoning(r.text, r.reasoning).answer });
  }
  return out;
}
