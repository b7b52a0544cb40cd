import { RECORD_SCHEMA, type RequestRecord } from "../../src/records/record.js";

/** A hand-made completed record: chunks as [ms, tokens], sent at `sent`. */
export function makeRecord(chunks: Array<[number, number]>, over: Partial<RequestRecord> = {}): RequestRecord {
  const output = chunks.reduce((a, [, k]) => a + k, 0);
  return {
    schema: RECORD_SCHEMA,
    id: 0,
    level: 0,
    load: { mode: "concurrency", value: 1 },
    phase: "measure",
    item: 0,
    request: { api: "chat", body: {} },
    t_intended: 0,
    t_sent: 0,
    t_first: chunks[0]?.[0] ?? null,
    t_last: chunks.at(-1)?.[0] ?? null,
    t_end: (chunks.at(-1)?.[0] ?? 0) + 1,
    chunks,
    tokens: {
      input: 10,
      input_source: "usage",
      output,
      output_source: "usage",
      output_usage: output,
      output_tokenizer: null,
      output_chunks: chunks.length,
      chunk_tokens: "usage_split",
      cached_input: null,
    },
    finish_reason: "length",
    text: "",
    reasoning: "",
    error: null,
    ...over,
  };
}
