import { Command } from "commander";
import { formatOf, print } from "../report/output.js";
import { importRun } from "../runner/import-session.js";

/** `infermark import vllm|guidellm FILE --out DIR`: another tool's saved result as an infermark run directory. */
export function importCommand(): Command {
  return new Command("import")
    .description(
      "turn a vLLM (benchmark_serving --save-result) or GuideLLM (benchmarks.json) result into an infermark run directory",
    )
    .argument("<tool>", "vllm or guidellm")
    .argument("<file>", "the saved result")
    .requiredOption("--out <dir>", "run directory to create")
    .option("--json", "print the summary JSON instead of tables", false)
    .action((tool: string, file: string, opts: { out: string; json: boolean }) => {
      const result = importRun({ tool, file, outDir: opts.out, command: ["infermark", ...process.argv.slice(2)] });
      print({ kind: "bench", summary: result.summary }, { format: formatOf(opts) });
      process.stderr.write(`run directory: ${result.outDir} (${result.records} records from ${result.tool})\n`);
    });
}
