import type { TargetCapabilities } from "./capabilities.js";
import type { ModelSource } from "./default-model.js";
import { targetKindOf, workerKindOf } from "./schemes.js";
import type { Target, TargetSpec, WorkerSpec } from "./target.js";

export type { TargetSpec } from "./target.js";

/** What the target a spec names can do, without opening it; an unknown --target form is a user error. */
export function targetCapabilities(spec: TargetSpec): TargetCapabilities {
  return targetKindOf(spec.target).capabilities(spec);
}

/** Opens the target a spec names (schemes.ts); every way it can be wrong is a user error with one line. */
export async function openTarget(spec: TargetSpec): Promise<{ target: Target; modelSource?: ModelSource }> {
  const target = await targetKindOf(spec.target).open(spec);
  const modelSource = target.info.kind === "llama" ? target.info.model_source : undefined;
  return modelSource ? { target, modelSource } : { target };
}

/** Reopens a target on a worker thread from the spec its original gave (Target.workerSpec). */
export function reopenTarget(spec: WorkerSpec): Promise<Target> {
  const kind = workerKindOf(spec.kind);
  if (!kind?.reopen) throw new Error(`infermark: no target kind reopens "${spec.kind}" on a worker thread`);
  return kind.reopen(spec);
}
