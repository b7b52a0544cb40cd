import { Command, Option } from "commander";
import { formatOf, print } from "../report/output.js";
import { reportRun } from "../runner/report-session.js";
import { COMPAT_TOOLS, type CompatTool } from "../standards/efficiency/compat/index.js";

/** `infermark report DIR`: recomputes the summary from the run's files and prints it. */
export function reportCommand(): Command {
  return new Command("report")
    .description("recompute a run's summary from its records.jsonl (and levels.jsonl) and print it")
    .argument("<dir>", "run directory")
    .option("--json", "print the summary JSON instead of tables", false)
    .addOption(new Option("--compat <tool>", "recompute with another tool's definitions and names").choices(COMPAT_TOOLS))
    .action((dir: string, opts: { json: boolean; compat?: CompatTool }) => {
      print(reportRun({ dir, ...(opts.compat ? { compat: opts.compat } : {}) }), { format: formatOf(opts) });
    });
}
