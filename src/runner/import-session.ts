import type { z } from "zod";
import { UserError } from "../errors.js";
import { guidellmRecords, GUIDELLM_REPORT } from "../records/import/guidellm.js";
import { vllmRecords, VLLM_RESULT } from "../records/import/vllm.js";
import { JsonlWriter } from "../records/jsonl.js";
import type { RequestRecord } from "../records/record.js";
import { RUN_SCHEMA, type ImportedRunJson } from "../records/run-json.js";
import { createRunDir, runPaths, writeJson } from "../records/run-dir.js";
import type { BenchSummary } from "../standards/efficiency/summarize.js";
import { summarizeRun } from "../standards/efficiency/summarize-run.js";
import { VERSION } from "../version.js";
import { readTextFile } from "../workloads/text-file.js";

/** The tools whose saved results `import` reads. */
export const IMPORT_TOOLS = ["vllm", "guidellm"] as const;
export type ImportTool = (typeof IMPORT_TOOLS)[number];

/** What to import and where to put it. */
export interface ImportOptions {
  /** Checked here, so a caller can pass what the user typed. */
  tool: string;
  file: string;
  /** Run directory to create; it must not already hold records. */
  outDir: string;
  /** The command line, for run.json. */
  command: string[];
}

/** What an import leaves behind: the run directory and its summary. */
export interface ImportResult {
  tool: ImportTool;
  outDir: string;
  records: number;
  summary: BenchSummary;
}

/** Reads another tool's saved result with the zod schema of the fields records are built from; anything else is one line. */
function readSource<T extends z.ZodType>(file: string, schema: T, tool: string): z.infer<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(readTextFile(file));
  } catch (err) {
    throw new UserError(`cannot read ${file} as JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new UserError(
      `${file} is not a ${tool} result: ${issue?.path.join(".") || "top level"}: ${issue?.message ?? "does not fit"}`,
    );
  }
  return parsed.data;
}

/** The records of a saved result, the benchmark durations it states (its records cannot carry them) and its model when it names one. */
function sourceRecords(
  tool: string,
  file: string,
): { tool: ImportTool; records: RequestRecord[]; durations: number[]; model: string | null } {
  if (tool === "vllm") {
    const v = readSource(file, VLLM_RESULT, "vLLM benchmark_serving");
    return { tool, records: vllmRecords(v), durations: [v.duration], model: v.model_id ?? null };
  }
  if (tool === "guidellm")
    return { tool, ...guidellmRecords(readSource(file, GUIDELLM_REPORT, "GuideLLM")), model: null };
  throw new UserError(`import: unknown tool "${tool}": expected ${IMPORT_TOOLS.join(" or ")}`);
}

/**
 * Turns a vLLM (benchmark_serving --save-result) or GuideLLM (benchmarks.json) result into an
 * infermark run directory: run.json, records.jsonl and the summary, which `report` then
 * reproduces from the records like any run's.
 */
export function importRun(opts: ImportOptions): ImportResult {
  const { tool, records, durations, model } = sourceRecords(opts.tool, opts.file);
  createRunDir(opts.outDir);
  const paths = runPaths(opts.outDir);
  const target = { kind: "imported", tool, model };
  const run: ImportedRunJson = {
    schema: RUN_SCHEMA,
    kind: "imported",
    tool: { name: "infermark", version: VERSION },
    command: opts.command,
    started_at: new Date().toISOString(),
    target,
    imported: { tool, file: opts.file, durations_s: durations },
    slo: [],
  };
  writeJson(paths.run, run);
  const writer = new JsonlWriter(paths.records, []);
  try {
    for (const r of records) writer.append(r);
  } finally {
    writer.close();
  }
  const summary = summarizeRun(target, records, [], [], durations);
  writeJson(paths.summary, summary);
  return { tool, outDir: opts.outDir, records: records.length, summary };
}
