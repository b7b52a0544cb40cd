import type { JudgeSettings } from "../standards/usability/judge/judge-verdict.js";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.js";
import { readJsonl, readRecords } from "../records/jsonl.js";
import type { RequestRecord, VariantTag } from "../records/record.js";
import { runPaths, writeJsonLines } from "../records/run-dir.js";
import { readRunJson, type EvalRunJson } from "../records/run-json.js";
import type { LimitMode } from "../workloads/limit.js";
import type { TaskItem } from "../workloads/tasks/task.js";
import type { StoredVariant } from "./eval-plan.js";

/**
 * Which task to run and how it is shaped; kept in run.json so `report` and `--resume` rebuild the
 * same task. A type, not an interface, so that it fits run.json's checked (open) shape.
 */
export type EvalTaskSpec = {
  task: string;
  data?: string;
  scorers: string[];
  limit: number | null;
  /** How --limit picks its items; absent in runs from before it existed, which took the first items. */
  limitMode?: LimitMode;
  samples: number;
  seed: number;
  fewshot?: number;
  maxTokens?: number;
  temperature?: number;
  /** Ask for log-probabilities, so multiple choice is also scored by option probability. */
  logprobs?: boolean;
  /** Usability checks over the answers (repetition, diversity, format, verbosity; docs/usability-metrics.md). */
  usability?: string[];
  /** LLM-as-judge (--judge): who judges and how; the answers' verdicts are in judge.jsonl. */
  judge?: JudgeSettings;
};

/** What eval reads back from run.json (checked: schema id, kind, the fields eval uses). */
export type { EvalRunJson } from "../records/run-json.js";

/** The file holding every variant's items, as they were asked: report and resume need no variant code. */
export const VARIANTS_FILE = "variants.jsonl";

/** One line of variants.jsonl: one item as one variant asks it. */
interface VariantItemLine {
  variant: VariantTag;
  item: TaskItem;
}

/** Reads and checks run.json of an eval run; anything else is a user error naming `what` (the flag or command). */
export function readEvalRunJson(dir: string, what: string): EvalRunJson {
  const paths = runPaths(dir);
  if (!existsSync(paths.run)) throw new UserError(`${what} ${dir}: no run.json there; start a new run with --out`);
  const run = readRunJson(paths.run);
  if (run.kind !== "eval") throw new UserError(`${what} ${dir}: not an eval run`);
  return run;
}

/** The run's records, each line's schema id checked; none when the file is not there yet. */
export function readEvalRecords(dir: string): RequestRecord[] {
  const path = runPaths(dir).records;
  return existsSync(path) ? readRecords(path).values : [];
}

/** Writes every variant's items (redacted, like every file of a run). */
export function writeVariantItems(dir: string, variants: readonly StoredVariant[], secrets: readonly string[]): void {
  const lines: VariantItemLine[] = variants.flatMap((v) => v.items.map((item) => ({ variant: v.tag, item })));
  writeJsonLines(join(dir, VARIANTS_FILE), lines, secrets);
}

/** The variants run.json names, with their items from variants.jsonl, in run.json's order. */
export function readStoredVariants(dir: string, run: EvalRunJson): StoredVariant[] {
  const listed = run.variants ?? [];
  if (listed.length === 0) return [];
  const path = join(dir, VARIANTS_FILE);
  if (!existsSync(path)) throw new UserError(`${dir}: run.json names variants but ${VARIANTS_FILE} is missing`);
  const lines = readJsonl<VariantItemLine>(path).values;
  return listed.map((v) => ({
    tag: { name: v.name, seed: v.seed },
    prompt: v.prompt,
    items: lines.filter((l) => l.variant.name === v.name && l.variant.seed === v.seed).map((l) => l.item),
  }));
}
