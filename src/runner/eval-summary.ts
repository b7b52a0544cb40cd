import type { RequestRecord } from "../records/record.js";
import { EVAL_SUMMARY_SCHEMA, summarizeTask, type EvalSummary, type PassVerdicts, type SampleVerdict, type ScoringVariant } from "../standards/accuracy/summarize-eval.js";
import { summarizeRobustness } from "../standards/robustness/summarize.js";
import type { PlannedVariant } from "./eval-plan.js";
import { robustnessItems } from "./robustness-items.js";

/** What the summary is computed from: plain data, all of it read from the run directory by `report`. */
export interface SummarizeInput {
  target: Record<string, unknown>;
  plan: readonly PlannedVariant[];
  records: readonly RequestRecord[];
  verdicts: PassVerdicts;
  samples: number;
  seed: number;
}

/** The eval summary and every sample's verdict (samples.jsonl) of a run. Pure. */
export function summarizeEval(input: SummarizeInput): { summary: EvalSummary; verdicts: SampleVerdict[] } {
  const [original, ...rest] = input.plan;
  if (!original) throw new Error("summarizeEval: an empty plan (the original is always planned)");
  const variants: ScoringVariant[] = rest.flatMap((v) => (v.tag ? [{ tag: v.tag, task: v.task }] : []));
  const { summary, verdicts } = summarizeTask(original.task, input.records, input.samples, original.task.items.length, input.seed, input.verdicts, variants);
  const metric = original.task.metrics[0];
  if (variants.length > 0 && metric !== undefined) summary.robustness = summarizeRobustness(robustnessItems(input.plan, verdicts, metric), input.seed);
  return { summary: { schema: EVAL_SUMMARY_SCHEMA, target: input.target, tasks: [summary] }, verdicts };
}
