import type { RequestRecord } from "../../../records/record.js";
import { aiperfView } from "./aiperf.js";
import { measuredByLevel } from "../summarize.js";
import type { CompatOptions } from "./common.js";
import { guidellmView } from "./guidellm.js";
import { llmperfView } from "./llmperf.js";
import { vllmView } from "./vllm.js";

/** Tools whose definitions `report --compat` can apply. */
export const COMPAT_TOOLS = ["vllm", "guidellm", "aiperf", "llmperf"] as const;
/** One of COMPAT_TOOLS. */
export type CompatTool = (typeof COMPAT_TOOLS)[number];

const VIEWS = { vllm: vllmView, guidellm: guidellmView, aiperf: aiperfView, llmperf: llmperfView };

/** The run's measured records recomputed per level with one tool's definitions and field names. */
export function compatView(
  tool: CompatTool,
  records: readonly RequestRecord[],
  o: CompatOptions,
): { compat: CompatTool; levels: Array<{ level: number; load: unknown } & Record<string, unknown>> } {
  return {
    compat: tool,
    levels: measuredByLevel(records).map(([level, recs]) => ({ level, load: recs[0]!.load, ...VIEWS[tool](recs, o) })),
  };
}
