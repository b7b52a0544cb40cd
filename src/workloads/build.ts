import { datasetWorkload, loadDatasetRows } from "./dataset.js";
import type { LengthSpec } from "./length.js";
import { syntheticWorkload, type PromptSizer } from "./synthetic.js";
import type { Workload } from "./workload.js";

/** How to make the prompts of a run: from a dataset file, or synthetic of a given length. */
export interface WorkloadSpec {
  dataset?: string;
  seed: number;
  input: LengthSpec;
  output: LengthSpec;
  sharedPrefix: number;
}

/**
 * Builds the workload a spec names; a bad dataset fails here, before anything is sent.
 * `sizer`, the target's exact prompt token count where known, sizes synthetic prompts in real tokens.
 */
export function buildWorkload(spec: WorkloadSpec, sizer?: PromptSizer): Workload {
  if (spec.dataset) return datasetWorkload(spec.dataset, loadDatasetRows(spec.dataset), spec.seed, spec.output);
  return syntheticWorkload({
    seed: spec.seed,
    input: spec.input,
    output: spec.output,
    sharedPrefix: spec.sharedPrefix,
    ...(sizer ? { sizer } : {}),
  });
}
