import { Command, Option } from "commander";
import { writeFileSync } from "node:fs";
import { UserError } from "../errors.js";
import { renderHtmlReport } from "../report/html/html-report.js";
import { reportInputFromRun } from "../report/html/run-input.js";
import { formatOf, print } from "../report/output.js";
import { reportRun } from "../runner/report-session.js";
import { COMPAT_TOOLS, type CompatTool } from "../standards/efficiency/compat/index.js";

/** `infermark report DIR`: recomputes the summary from the run's files and prints it. */
export function reportCommand(): Command {
  return new Command("report")
    .description("recompute a run's summary from its records.jsonl (and levels.jsonl) and print it")
    .argument("<dir>", "run directory")
    .option("--json", "print the summary JSON instead of tables", false)
    .addOption(
      new Option("--compat <tool>", "recompute with another tool's definitions and names").choices(COMPAT_TOOLS),
    )
    .option("--html <file>", "also write a self-contained HTML report (charts, transcripts) to this file")
    .action((dir: string, opts: { json: boolean; compat?: CompatTool; html?: string }) => {
      print(reportRun({ dir, ...(opts.compat ? { compat: opts.compat } : {}) }), { format: formatOf(opts) });
      if (opts.html) {
        const html = renderHtmlReport(reportInputFromRun(dir));
        try {
          writeFileSync(opts.html, html);
        } catch (err) {
          throw new UserError(`cannot write ${opts.html}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
        }
        process.stderr.write(`infermark: HTML report written to ${opts.html}\n`);
      }
    });
}
