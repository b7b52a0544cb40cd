import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { PROFILES } from "../decide/profiles.js";
import { choiceReportInput } from "../report/html/choice-input.js";
import { renderHtmlReport } from "../report/html/html-report.js";
import { formatOf, print } from "../report/output.js";
import { createRedactor, secretsOf } from "../records/redact.js";
import { loadRunConfig, type RunConfig } from "../runner/run-config.js";
import { runChoice } from "../runner/run-session.js";
import { handleInterrupts, showProgress } from "./interactive.js";
import { defaultOutDir } from "./target-flags.js";

/** What `infermark run` does with no config: every standard, small, on the bundled model, offline. */
function builtInConfig(): RunConfig {
  const profile = PROFILES.chatbot;
  if (!profile) throw new Error("the chatbot profile is missing");
  return {
    source: "(built in: starter task on the bundled model)",
    profile,
    candidates: [{ name: "bundled", target: undefined, params: { temperature: 0 }, pricing: null }],
    tasks: [{ task: "starter" }],
    perturb: ["typo:0.1", "lowercase"],
    usability: ["repetition"],
    load: { concurrency: [1, 2], requests: 80, input_tokens: 64, output_tokens: 32, warmup: 0 },
    seed: 0,
    asWritten: { builtIn: true },
  };
}

/** `infermark run [config]`: all four standards for every candidate, then the choice. */
export function runCommand(): Command {
  return new Command("run")
    .description(
      "measure every candidate on all four standards (quality, then load) and choose by the profile's gates; with no config, a small run on the bundled model",
    )
    .argument("[config]", "run config (eval.yaml; see infermark init)")
    .option("--out <dir>", "run directory (default: runs/run-<time>)")
    .option("--json", "print the combined summary JSON instead of the scorecard", false)
    .action(async (file: string | undefined, opts: { out?: string; json: boolean }) => {
      const cfg = file ? loadRunConfig(file) : builtInConfig();
      const outDir = opts.out ?? defaultOutDir("run");
      const progress = showProgress(!opts.json);
      const interrupts = handleInterrupts(() => progress.halt());
      try {
        const { summary } = await runChoice(
          cfg,
          outDir,
          (line) => process.stderr.write(`infermark: ${line}\n`),
          progress.hooks,
          interrupts.signals,
        );
        progress.stop();
        const html = join(outDir, "report.html");
        writeFileSync(html, renderHtmlReport(choiceReportInput(`infermark run: ${outDir}`, summary)));
        // Keys never reach stdout either: a server can echo one into an error that lands in the summary.
        const redactor = createRedactor(cfg.candidates.flatMap((c) => secretsOf(c)));
        print({ kind: "choice", summary }, { format: formatOf(opts), redactor });
        process.stderr.write(`run directory: ${outDir} (summary.json, report.html)\n`);
        // For CI: no candidate meeting every hard gate fails the command.
        if (!summary.scorecard.rows.some((r) => r.status === "pass")) process.exitCode = 3;
        if (interrupts.interrupted()) process.exitCode = 130;
      } finally {
        progress.stop();
        interrupts.dispose();
      }
    });
}
