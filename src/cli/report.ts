import { existsSync } from "node:fs";
import { Command, Option } from "commander";
import { readJsonl } from "../records/jsonl.js";
import type { RequestRecord } from "../records/record.js";
import { readJson, runPaths, writeJson } from "../records/run-dir.js";
import { UserError } from "../errors.js";
import { promptLengthLine, renderBenchSummary } from "../report/bench-table.js";
import { renderEvalSummary } from "../report/eval-table.js";
import { summarizeEvalDir } from "../runner/eval-session.js";
import { COMPAT_TOOLS, compatView, type CompatTool } from "../standards/efficiency/compat/index.js";
import type { RunPlan } from "../standards/efficiency/level-cut.js";
import type { LevelLine } from "../standards/efficiency/level-line.js";
import type { SloTerm } from "../standards/efficiency/slo.js";
import { summarizeRecordsFile } from "../runner/bench-summary-file.js";

/** What report needs from run.json. */
interface RunJson {
  kind?: "eval";
  target: Record<string, unknown>;
  slo?: SloTerm[];
  /** How the prompts were made (bench runs). */
  workload?: Record<string, unknown>;
  /** Set by `infermark import`: the source tool's own benchmark duration, which its records cannot carry. */
  imported?: { tool: string; file: string; durations_s: number[] };
  /** What the run planned: lets report say which level a crash cut, and what it lost. */
  schedule?: RunPlan["schedule"];
  level?: RunPlan["level"];
}

/** `infermark report DIR`: recomputes the summary from the run's files and prints it. */
export function reportCommand(): Command {
  return new Command("report")
    .description("recompute a run's summary from its records.jsonl (and levels.jsonl) and print it")
    .argument("<dir>", "run directory")
    .option("--json", "print the summary JSON instead of tables", false)
    .addOption(new Option("--compat <tool>", "recompute with another tool's definitions and names").choices(COMPAT_TOOLS))
    .action((dir: string, opts: { json: boolean; compat?: CompatTool }) => {
      const paths = runPaths(dir);
      const run = readJson<RunJson>(paths.run);
      if (run.kind === "eval") {
        if (opts.compat) throw new UserError("--compat applies to bench runs; this is an eval run");
        const { summary } = summarizeEvalDir(dir);
        if (!existsSync(paths.summary)) writeJson(paths.summary, summary);
        process.stdout.write(opts.json ? JSON.stringify(summary, null, 2) + "\n" : renderEvalSummary(summary));
        return;
      }
      const partial = (): void => void process.stderr.write(`infermark: ${paths.records} ends in a partial line (a crash mid-write?); it was left out\n`);
      if (opts.compat) {
        const { values: records, truncatedLastLine } = readJsonl<RequestRecord>(paths.records);
        if (truncatedLastLine) partial();
        const view = compatView(opts.compat, records, { durations: run.imported?.durations_s ?? null });
        process.stdout.write(JSON.stringify(view, null, 2) + "\n");
        return;
      }
      const lines = existsSync(paths.levels) ? readJsonl<LevelLine>(paths.levels).values : [];
      const plan = run.schedule && run.level ? { schedule: run.schedule, level: run.level } : undefined;
      // Streamed: a long run's records are summarised one at a time, never all in memory.
      const durations = run.imported?.durations_s;
      const { summary, promptLengths, truncatedLastLine } = summarizeRecordsFile(paths.records, { target: run.target, lines, slo: run.slo ?? [], ...(durations ? { durations } : {}), ...(plan ? { plan } : {}) });
      if (truncatedLastLine) partial();
      // An interrupted or crashed run may have no summary yet: leave one behind.
      if (!existsSync(paths.summary)) writeJson(paths.summary, summary);
      process.stdout.write(opts.json ? JSON.stringify(summary, null, 2) + "\n" : renderBenchSummary(summary));
      const lengths = !opts.json && run.workload ? promptLengthLine(run.workload, promptLengths) : null;
      if (lengths) process.stderr.write(lengths + "\n");
    });
}
