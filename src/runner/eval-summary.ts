import type { RequestRecord } from "../records/record.js";
import {
  EVAL_SUMMARY_SCHEMA,
  summarizeTask,
  type EvalSummary,
  type TaskSummary,
  type PassVerdicts,
  type SampleVerdict,
  type ScoringVariant,
} from "../standards/accuracy/summarize-eval.js";
import { summarizeRobustness } from "../standards/robustness/summarize.js";
import { scoreIfeval } from "../standards/usability/ifeval/score.js";
import { compileTools, toolCallValidity } from "../standards/usability/tool-calls.js";
import type { IfevalRow } from "../standards/usability/ifeval/check-response.js";
import { usabilitySummary, type UsabilityResponse } from "../standards/usability/usability-summary.js";
import { summarizeJudge, type JudgeLine } from "../standards/usability/judge/judge-summary.js";
import { JUDGE, type JudgeSettings } from "../standards/usability/judge/judge-verdict.js";
import { isCompleted } from "../records/record.js";
import type { PlannedVariant } from "./eval-plan.js";
import { robustnessItems } from "./robustness-items.js";
import { flipExamples } from "./robustness-flips.js";

/** What the summary is computed from: plain data, all of it read from the run directory by `report`. */
export interface SummarizeInput {
  target: Record<string, unknown>;
  plan: readonly PlannedVariant[];
  records: readonly RequestRecord[];
  verdicts: PassVerdicts;
  samples: number;
  seed: number;
  /** Usability checks to run over the answers (the run's --usability). */
  usability?: readonly string[];
  /** The run's --judge settings, when it was judged (its verdicts are in `verdicts` under "judge"). */
  judge?: JudgeSettings;
}

/** The eval summary and every sample's verdict (samples.jsonl) of a run. Pure. */
export function summarizeEval(input: SummarizeInput): { summary: EvalSummary; verdicts: SampleVerdict[] } {
  const [original, ...rest] = input.plan;
  if (!original) throw new Error("summarizeEval: an empty plan (the original is always planned)");
  const variants: ScoringVariant[] = rest.flatMap((v) => (v.tag ? [{ tag: v.tag, task: v.task }] : []));
  const { summary, verdicts } = summarizeTask(
    original.task,
    input.records,
    input.samples,
    original.task.items.length,
    input.seed,
    input.verdicts,
    variants,
  );
  const metric = original.task.metrics[0];
  if (variants.length > 0 && metric !== undefined) {
    summary.robustness = summarizeRobustness(robustnessItems(input.plan, verdicts, metric), input.seed);
    summary.flips = flipExamples(verdicts, input.records, metric);
  }
  const usability = usabilityOf(original.task, verdicts, input.records, input.usability ?? []) ?? {};
  const judged = input.judge ? input.verdicts.get(JUDGE) : undefined;
  if (input.judge && judged)
    usability.judge = summarizeJudge([...judged.values()] as JudgeLine[], input.judge, input.seed);
  if (Object.keys(usability).length > 0) summary.usability = usability;
  return { summary: { schema: EVAL_SUMMARY_SCHEMA, target: input.target, tasks: [summary] }, verdicts };
}

/**
 * Usability of the answers to the items as written (variants are robustness's): IFEval's four
 * figures when the task carries IFEval instructions, and each named check. Failed requests have no
 * answer to judge and are left out (the accuracy summary counts them).
 */
function usabilityOf(
  task: PlannedVariant["task"],
  verdicts: readonly SampleVerdict[],
  records: readonly RequestRecord[],
  checks: readonly string[],
): NonNullable<TaskSummary["usability"]> | null {
  const byId = new Map(records.map((r) => [r.id, r]));
  const items = new Map(task.items.map((it) => [it.id, it]));
  const answered = verdicts.flatMap((v) => {
    const r = v.variant || v.record_id === null ? undefined : byId.get(v.record_id);
    return r && isCompleted(r) ? [{ v, r }] : [];
  });
  const out: NonNullable<TaskSummary["usability"]> = {};
  const rows: IfevalRow[] = answered.flatMap(({ v, r }) => {
    const m = items.get(v.item_id)?.metadata.ifeval as
      { prompt?: unknown; instruction_id_list?: unknown; kwargs?: unknown } | undefined;
    return m && typeof m.prompt === "string" && Array.isArray(m.instruction_id_list) && Array.isArray(m.kwargs)
      ? [
          {
            prompt: m.prompt,
            instruction_id_list: m.instruction_id_list.map(String),
            kwargs: m.kwargs as unknown[],
            response: r.text,
          },
        ]
      : [];
  });
  if (rows.length > 0) out.ifeval = scoreIfeval(rows);
  const tools = task.generation.tools;
  if (tools)
    out.tool_calls = toolCallValidity(
      answered.map(({ r }) => r.tool_calls ?? []),
      compileTools(tools),
    );
  if (checks.length > 0) {
    const responses: UsabilityResponse[] = answered.map(({ v, r }) => ({
      item: v.item_id,
      text: r.text,
      finishReason: r.finish_reason,
      tokens: r.tokens.output,
    }));
    Object.assign(out, usabilitySummary(checks, responses));
  }
  return Object.keys(out).length > 0 ? out : null;
}
