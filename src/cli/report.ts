import { existsSync } from "node:fs";
import { Command } from "commander";
import { readJsonl } from "../records/jsonl.js";
import type { RequestRecord } from "../records/record.js";
import { readJson, runPaths, writeJson } from "../records/run-dir.js";
import { renderBenchSummary } from "../report/bench-table.js";
import { summarizeBench } from "../standards/efficiency/summarize.js";

/** `infermark report DIR`: recomputes the summary from records.jsonl and prints it. */
export function reportCommand(): Command {
  return new Command("report")
    .description("recompute a run's summary from its records.jsonl and print it")
    .argument("<dir>", "run directory")
    .option("--json", "print the summary JSON instead of tables", false)
    .action((dir: string, opts: { json: boolean }) => {
      const paths = runPaths(dir);
      const run = readJson<{ target: Record<string, unknown> }>(paths.run);
      const { values, truncatedLastLine } = readJsonl<RequestRecord>(paths.records);
      if (truncatedLastLine) process.stderr.write(`infermark: ${paths.records} ends in a partial line (a crash mid-write?); it was left out\n`);
      const summary = summarizeBench(run.target, values);
      // An interrupted or crashed run may have no summary yet: leave one behind.
      if (!existsSync(paths.summary)) writeJson(paths.summary, summary);
      process.stdout.write(opts.json ? JSON.stringify(summary, null, 2) + "\n" : renderBenchSummary(summary));
    });
}
