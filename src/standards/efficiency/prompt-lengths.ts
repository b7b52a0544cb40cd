import type { RequestRecord } from "../../records/record.js";

/** How long the measured prompts came out, and who counted them. */
export interface PromptLengths {
  /** Measured, completed, uncached requests whose prompt was counted. */
  counted: number;
  /** Mean prompt tokens over them; null when none was counted. */
  mean: number | null;
  /** Who counted them (`tokens.input_source`), in the order first seen. */
  sources: string[];
}

/** Prompt lengths gathered one record at a time, so a long run's are known without holding its records. */
export class PromptLengthAccumulator {
  private counted = 0;
  private sum = 0;
  private readonly sources = new Set<string>();

  add(r: RequestRecord): void {
    if (r.phase !== "measure" || r.error !== null || r.tokens.input === null || r.cached) return;
    this.counted++;
    this.sum += r.tokens.input;
    this.sources.add(r.tokens.input_source ?? "unknown");
  }

  finish(): PromptLengths {
    return { counted: this.counted, mean: this.counted ? this.sum / this.counted : null, sources: [...this.sources] };
  }
}

/** The prompt lengths of a list of records. */
export function promptLengths(records: Iterable<RequestRecord>): PromptLengths {
  const acc = new PromptLengthAccumulator();
  for (const r of records) acc.add(r);
  return acc.finish();
}
