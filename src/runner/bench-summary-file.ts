import { forEachJsonl } from "../records/jsonl-stream.js";
import { withSchemaId } from "../records/jsonl.js";
import { RECORD_SCHEMA, type RequestRecord } from "../records/record.js";
import { PromptLengthAccumulator, type PromptLengths } from "../standards/efficiency/prompt-lengths.js";
import { RunAccumulator, type RunFacts } from "../standards/efficiency/summarize-run.js";
import type { BenchSummary } from "../standards/efficiency/summarize.js";

/** A bench run's summary from its records file, with what the terminal adds to it. */
export interface RecordsFileSummary {
  summary: BenchSummary;
  promptLengths: PromptLengths;
  /** Records read. */
  records: number;
  /** The file ended in a partial line (a crash mid-write); it was left out. */
  truncatedLastLine: boolean;
}

/**
 * Summarises a bench run by streaming its records.jsonl once, one record at a time: the run's own
 * summary and `infermark report` both come from here, so they agree to the byte, and neither holds
 * the run's records (a 24-hour soak is summarised in the memory of its per-level accumulators).
 */
export function summarizeRecordsFile(path: string, facts: RunFacts): RecordsFileSummary {
  const run = new RunAccumulator(facts);
  const lengths = new PromptLengthAccumulator();
  const { count, truncatedLastLine } = forEachJsonl<RequestRecord>(
    path,
    (r) => {
      run.add(r);
      lengths.add(r);
    },
    withSchemaId<RequestRecord>(RECORD_SCHEMA),
  );
  return { summary: run.finish(), promptLengths: lengths.finish(), records: count, truncatedLastLine };
}
