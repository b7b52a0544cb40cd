import { Command } from "commander";
import type { z } from "zod";
import { UserError } from "../errors.js";
import { guidellmRecords, GUIDELLM_REPORT } from "../records/import/guidellm.js";
import { vllmRecords, VLLM_RESULT } from "../records/import/vllm.js";
import { JsonlWriter } from "../records/jsonl.js";
import type { RequestRecord } from "../records/record.js";
import { RUN_SCHEMA, createRunDir, runPaths, writeJson } from "../records/run-dir.js";
import { renderBenchSummary } from "../report/bench-table.js";
import { summarizeRun } from "../standards/efficiency/summarize-run.js";
import { VERSION } from "../version.js";
import { readTextFile } from "../workloads/text-file.js";

function readSource<T extends z.ZodType>(file: string, schema: T, tool: string): z.infer<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(readTextFile(file));
  } catch (err) {
    throw new UserError(`cannot read ${file} as JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`${file} is not a ${tool} result: ${issue.path.join(".") || "top level"}: ${issue.message}`);
  }
  return parsed.data;
}

/** `infermark import vllm|guidellm FILE --out DIR`: another tool's saved result as an infermark run directory. */
export function importCommand(): Command {
  return new Command("import")
    .description("turn a vLLM (benchmark_serving --save-result) or GuideLLM (benchmarks.json) result into an infermark run directory")
    .argument("<tool>", "vllm or guidellm")
    .argument("<file>", "the saved result")
    .requiredOption("--out <dir>", "run directory to create")
    .option("--json", "print the summary JSON instead of tables", false)
    .action((tool: string, file: string, opts: { out: string; json: boolean }) => {
      let records: RequestRecord[];
      let durations: number[];
      let model: unknown = null;
      if (tool === "vllm") {
        const v = readSource(file, VLLM_RESULT, "vLLM benchmark_serving");
        records = vllmRecords(v);
        durations = [v.duration];
        model = v.model_id ?? null;
      } else if (tool === "guidellm") {
        ({ records, durations } = guidellmRecords(readSource(file, GUIDELLM_REPORT, "GuideLLM")));
      } else {
        throw new UserError(`import: unknown tool "${tool}": expected vllm or guidellm`);
      }
      createRunDir(opts.out);
      const paths = runPaths(opts.out);
      const target = { kind: "imported", tool, model };
      writeJson(paths.run, { schema: RUN_SCHEMA, tool: { name: "infermark", version: VERSION }, command: ["infermark", ...process.argv.slice(2)], started_at: new Date().toISOString(), target, imported: { tool, file, durations_s: durations }, slo: [] });
      const writer = new JsonlWriter(paths.records, []);
      for (const r of records) writer.append(r);
      writer.close();
      const summary = summarizeRun(target, records, [], [], durations);
      writeJson(paths.summary, summary);
      process.stdout.write(opts.json ? JSON.stringify(summary, null, 2) + "\n" : renderBenchSummary(summary));
      process.stderr.write(`run directory: ${opts.out} (${records.length} records from ${tool})\n`);
    });
}
