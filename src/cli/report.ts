import { Command, Option } from "commander";
import { writeFileSync } from "node:fs";
import { UserError } from "../errors.js";
import { writeTextFile } from "../records/run-dir.js";
import { renderHtmlReport } from "../report/html/html-report.js";
import { choiceReportInput } from "../report/html/choice-input.js";
import { reportInputFromRun } from "../report/html/run-input.js";
import { formatOf, print } from "../report/output.js";
import { reportCsv, reportRun } from "../runner/report-session.js";
import { COMPAT_TOOLS, type CompatTool } from "../standards/efficiency/compat/index.js";
import { parseSlo } from "../standards/efficiency/slo.js";

/** `infermark report DIR`: recomputes the summary from the run's files and prints it. */
export function reportCommand(): Command {
  return new Command("report")
    .description("recompute a run's summary from its records.jsonl (and levels.jsonl) and print it")
    .argument("<dir>", "run directory (of bench, eval, import or a whole infermark run)")
    .option("--json", "print the summary JSON instead of tables", false)
    .addOption(
      new Option("--compat <tool>", "recompute with another tool's definitions and names").choices(COMPAT_TOOLS),
    )
    .option(
      "--slo <terms>",
      'bench runs: re-judge goodput and SLO verdicts under these terms, e.g. "ttft.p95<500,tpot.p95<50" (summary.json is left as it is)',
    )
    .option("--csv <file>", "bench runs: also write one row per level as CSV to this file")
    .option("--html <file>", "also write a self-contained HTML report (charts, transcripts) to this file")
    .action((dir: string, opts: { json: boolean; compat?: CompatTool; slo?: string; csv?: string; html?: string }) => {
      const result = reportRun({
        dir,
        ...(opts.compat ? { compat: opts.compat } : {}),
        ...(opts.slo !== undefined ? { slo: parseSlo(opts.slo) } : {}),
      });
      // Asked of the wrong kind of run, --csv fails before anything is printed.
      const csv = opts.csv ? reportCsv(result) : null;
      print(result, { format: formatOf(opts) });
      if (opts.csv && csv !== null) {
        writeTextFile(opts.csv, csv);
        process.stderr.write(`infermark: levels CSV written to ${opts.csv}\n`);
      }
      if (opts.html) {
        // Under --slo the page shows the verdicts the tables just printed, not the run's own.
        const html = renderHtmlReport(
          result.kind === "choice"
            ? choiceReportInput(`infermark run: ${dir}`, result.summary)
            : reportInputFromRun(dir, opts.slo !== undefined && result.kind === "bench" ? result.summary : undefined),
        );
        try {
          writeFileSync(opts.html, html);
        } catch (err) {
          throw new UserError(`cannot write ${opts.html}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
        }
        process.stderr.write(`infermark: HTML report written to ${opts.html}\n`);
      }
    });
}
