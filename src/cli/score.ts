import { Command, Option } from "commander";
import { formatOf, print } from "../report/output.js";
import { resolveMetrics, scoreRows, type ExtractMode } from "../standards/accuracy/score-rows.js";
import { SCORER_NAMES } from "../standards/accuracy/scorers.js";
import { readJsonlObjects } from "../workloads/jsonl-file.js";

/** `infermark score`: a metric on existing outputs, no model. */
export function scoreCommand(): Command {
  return new Command("score")
    .description("score existing outputs (JSONL rows {prediction, target} or {prediction, references}) with any metric, with a 95% CI")
    .requiredOption("--input <file>", "JSONL rows")
    .option("--metric <name>", `metric (repeatable): ${SCORER_NAMES.join(", ")}`, (v: string, acc: string[] = []) => [...acc, v])
    .addOption(new Option("--extract <kind>", "how answers are found in predictions (auto: by metric)").choices(["auto", "number", "choice", "text", "none"]).default("auto"))
    .option("--per-item", "print each row's verdict too", false)
    .option("--seed <n>", "bootstrap seed", "0")
    .option("--json", "print JSON", false)
    .action((opts: { input: string; metric?: string[]; extract: ExtractMode; perItem: boolean; seed: string; json: boolean }) => {
      // Metric names are checked before the file is read: a typo is told even when the file is bad too.
      const metrics = resolveMetrics(opts.metric ?? []);
      const result = scoreRows(readJsonlObjects(opts.input), { metrics, extract: opts.extract, perItem: opts.perItem, seed: Number(opts.seed) });
      print({ kind: "score", result }, { format: formatOf(opts) });
    });
}
