import { UserError } from "../../../errors.js";
import type { JudgeSettings } from "./judge-verdict.js";
import { rubricNamed } from "./rubrics.js";

/** The --judge flags as given (strings, unparsed). */
export interface JudgeFlags {
  judge: readonly string[];
  judgeModel?: string;
  judgeMode?: string;
  judgeRubric?: string;
  judgeScale?: string;
  judgeRepeats?: number;
  judgePrompts?: string;
  judgeReference?: string;
  baseline?: string;
  judgeApiKeyEnv?: string;
}

const list = (xs: readonly string[]): string[] =>
  xs
    .flatMap((x) => x.split(","))
    .map((x) => x.trim())
    .filter((x) => x !== "");

/**
 * The judge settings the flags describe, or null without --judge. A panel is several --judge (or a
 * comma list); --judge-model is one model for all, or a comma list, one per judge.
 */
export function judgeSettings(f: JudgeFlags): JudgeSettings | null {
  const targets = list(f.judge);
  const other = [f.judgeModel, f.judgeMode, f.judgeRubric, f.judgeScale, f.judgePrompts, f.judgeReference, f.baseline];
  if (targets.length === 0) {
    if (other.some((x) => x !== undefined) || f.judgeRepeats !== undefined)
      throw new UserError("the --judge-* flags and --baseline need --judge TARGET (the judge's URL or llama:path)");
    return null;
  }
  const models = f.judgeModel ? list([f.judgeModel]) : [];
  if (models.length > 1 && models.length !== targets.length)
    throw new UserError(
      `--judge-model: ${models.length} models for ${targets.length} judges (give one, or one per judge)`,
    );
  const mode = f.judgeMode ?? "single";
  if (mode !== "single" && mode !== "pairwise")
    throw new UserError(`--judge-mode ${mode}: expected single or pairwise`);
  if (mode === "pairwise" && !f.baseline)
    throw new UserError("--judge-mode pairwise needs --baseline RUN_DIR (the run to compare with)");
  if (mode === "single" && f.baseline) throw new UserError("--baseline is for --judge-mode pairwise");
  if (mode === "pairwise" && (f.judgeRubric || f.judgeScale))
    throw new UserError(
      "--judge-rubric and --judge-scale are for --judge-mode single (pairwise asks which answer is better)",
    );
  // MT-Bench's templates carry their own criterion and their 1-10 scale.
  if (f.judgePrompts && (f.judgeRubric || (f.judgeScale && f.judgeScale !== "1-10")))
    throw new UserError(
      "--judge-prompts (MT-Bench's templates) grades on its own criterion, 1-10: drop --judge-rubric and --judge-scale",
    );
  const rubric = rubricNamed(f.judgeRubric ?? "helpfulness").name;
  const m = /^(\d+)-(\d+)$/.exec(f.judgeScale ?? "1-10");
  const scale: [number, number] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!(scale[0] < scale[1])) throw new UserError(`--judge-scale ${f.judgeScale}: expected MIN-MAX, e.g. 1-10 or 1-5`);
  return {
    mode,
    judges: targets.map((target, i) => {
      const model = models.length > 1 ? models[i] : models[0];
      return { target, ...(model ? { model } : {}) };
    }),
    rubric,
    scale,
    repeats: f.judgeRepeats ?? 1,
    ...(f.baseline ? { baseline: f.baseline } : {}),
    ...(f.judgePrompts ? { prompts: f.judgePrompts } : {}),
    ...(f.judgeReference ? { reference: f.judgeReference } : {}),
    ...(f.judgeApiKeyEnv ? { apiKeyEnv: f.judgeApiKeyEnv } : {}),
  };
}
