import { UserError } from "../errors.js";
import { datasetWorkload, FROM_DATASET, loadDatasetRows, type OutputSpec } from "./dataset.js";
import type { LengthSpec } from "./length.js";
import { syntheticWorkload, type PromptSizer } from "./synthetic.js";
import type { Workload } from "./workload.js";

/** How to make the prompts of a run: from a dataset file, or synthetic of a given length. */
export interface WorkloadSpec {
  dataset?: string;
  seed: number;
  input: LengthSpec;
  /** "dataset": each row's own reply length (needs `dataset`). */
  output: OutputSpec;
  sharedPrefix: number;
}

/**
 * Builds the workload a spec names; a bad dataset fails here, before anything is sent.
 * `sizer`, the target's exact prompt token count where known, sizes synthetic prompts in real tokens.
 */
export function buildWorkload(spec: WorkloadSpec, sizer?: PromptSizer): Workload {
  if (spec.dataset) return datasetWorkload(spec.dataset, loadDatasetRows(spec.dataset), spec.seed, spec.output);
  if (spec.output === FROM_DATASET)
    throw new UserError(
      "--output-tokens dataset takes each request's length from the dataset's replies: give --data FILE (ShareGPT JSON or JSONL with replies)",
    );
  return syntheticWorkload({
    seed: spec.seed,
    input: spec.input,
    output: spec.output,
    sharedPrefix: spec.sharedPrefix,
    ...(sizer ? { sizer } : {}),
  });
}
