import { extname } from "node:path";
import { UserError } from "../../errors.js";
import { expandScorers } from "../../standards/accuracy/scorers.js";
import { fileTask } from "./file-task.js";
import { loadPreset, PRESETS, type PresetName } from "./presets.js";
import type { Task } from "./task.js";
import { starterTask } from "./starter.js";
import { yamlTask } from "./yaml-task.js";

/** Resolves `--task`: a preset name (with `--data`), a YAML task, or a plain JSONL/CSV file. */
export function loadTask(spec: string, opts: { data?: string; scorers: readonly string[]; seed: number }): Task {
  const scorers = expandScorers(opts.scorers);
  if (spec === "starter") {
    const t = starterTask();
    return scorers.length ? { ...t, metrics: scorers } : t;
  }
  if ((PRESETS as readonly string[]).includes(spec)) {
    const t = loadPreset(spec as PresetName, opts.data, opts.seed);
    return scorers.length ? { ...t, metrics: scorers } : t;
  }
  const ext = extname(spec).toLowerCase();
  if (ext === ".yaml" || ext === ".yml") return yamlTask(spec);
  if (ext === ".jsonl" || ext === ".csv") return fileTask(spec, scorers);
  throw new UserError(
    `--task ${spec}: expected a preset (${PRESETS.join(", ")}), starter (built in), a .yaml task or a .jsonl/.csv file`,
  );
}
