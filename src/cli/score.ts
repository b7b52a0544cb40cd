import { Command, Option } from "commander";
import { formatOf, print } from "../report/output.js";
import { resolveMetrics, scoreRows, type ExtractMode } from "../standards/accuracy/score-rows.js";
import { SCORER_NAMES } from "../standards/accuracy/scorers.js";
import { UserError } from "../errors.js";
import { scoreEvalRun } from "../runner/eval-rescore.js";
import { joinIfevalRows, scoreIfeval } from "../standards/usability/index.js";
import { readJsonlObjects } from "../workloads/jsonl-file.js";

/** `infermark score`: a metric on existing outputs, no model. */
export function scoreCommand(): Command {
  return new Command("score")
    .description(
      "score existing outputs (JSONL rows {prediction, target} or {prediction, references}, or an eval run directory's own answers) with any metric, with a 95% CI",
    )
    .argument("[run-dir]", "an eval run directory: re-score its answers against its task's gold (no --input needed)")
    .option("--input <file>", "JSONL rows")
    .option(
      "--metric <name>",
      `metric (repeatable): ${SCORER_NAMES.join(", ")}, or ifeval (with --data)`,
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option(
      "--data <file>",
      "ifeval: the prompts with their instructions (IFEval's input_data.jsonl); --input rows {prompt, response} are joined to them by prompt text",
    )
    .addOption(
      new Option("--extract <kind>", "how answers are found in predictions (auto: by metric)")
        .choices(["auto", "number", "choice", "text", "none"])
        .default("auto"),
    )
    .option("--per-item", "print each row's verdict too", false)
    .option("--seed <n>", "bootstrap seed", "0")
    .option("--json", "print JSON", false)
    .action(
      (
        dir: string | undefined,
        opts: {
          input?: string;
          data?: string;
          metric?: string[];
          extract: ExtractMode;
          perItem: boolean;
          seed: string;
          json: boolean;
        },
      ) => {
        if (dir !== undefined) {
          if (opts.input !== undefined || opts.data !== undefined)
            throw new UserError(
              `score ${dir}: a run directory brings its own answers and gold; drop --input and --data`,
            );
          const result = scoreEvalRun(dir, opts.metric ?? [], { perItem: opts.perItem, seed: Number(opts.seed) });
          print({ kind: "score", result }, { format: formatOf(opts) });
          return;
        }
        if (opts.input === undefined)
          throw new UserError("score needs --input FILE (JSONL rows), or an eval run directory: score --metric M DIR");
        const input = opts.input;
        if (opts.metric?.includes("ifeval")) {
          if (opts.metric.length > 1)
            throw new UserError(
              "--metric ifeval scores instruction following on its own; run score again for other metrics",
            );
          if (!opts.data)
            throw new UserError(
              "--metric ifeval needs --data: the prompts with their instructions (IFEval's input_data.jsonl)",
            );
          const joined = joinIfevalRows(readJsonlObjects(opts.data), readJsonlObjects(input));
          if (joined.rows.length === 0)
            throw new UserError(
              `no --input row answers a prompt of ${opts.data} (rows are matched by exact prompt text)`,
            );
          print(
            { kind: "ifeval", summary: scoreIfeval(joined.rows), unanswered: joined.unanswered.length },
            { format: formatOf(opts) },
          );
          return;
        }
        // Metric names are checked before the file is read: a typo is told even when the file is bad too.
        const metrics = resolveMetrics(opts.metric ?? []);
        const result = scoreRows(readJsonlObjects(input), {
          metrics,
          extract: opts.extract,
          perItem: opts.perItem,
          seed: Number(opts.seed),
        });
        print({ kind: "score", result }, { format: formatOf(opts) });
      },
    );
}
