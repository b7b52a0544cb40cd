import { z } from "zod";
import { splitTokensOverChunks } from "../build.js";
import { RECORD_SCHEMA, type LoadSpec, type RequestRecord } from "../record.js";

/** The fields of a vLLM `benchmark_serving.py --save-result` file that records are built from. */
export const VLLM_RESULT = z.object({
  backend: z.string().optional(),
  model_id: z.string().optional(),
  request_rate: z.union([z.number(), z.string()]).nullable().optional(),
  burstiness: z.number().nullable().optional(),
  max_concurrency: z.number().nullable().optional(),
  duration: z.number(),
  input_lens: z.array(z.number()),
  output_lens: z.array(z.number()),
  ttfts: z.array(z.number()),
  itls: z.array(z.array(z.number())),
  generated_texts: z.array(z.string()).optional(),
  errors: z.array(z.string()).optional(),
});

/** A parsed vLLM result file. */
export type VllmResult = z.infer<typeof VLLM_RESULT>;

/** The load vLLM applied: a rate with gamma arrivals (burstiness = shape; 1 is Poisson), or all at once under a concurrency cap. */
export function vllmLoad(v: VllmResult): LoadSpec {
  const rate = typeof v.request_rate === "number" ? v.request_rate : Number.POSITIVE_INFINITY;
  if (!Number.isFinite(rate)) return { mode: "concurrency", value: v.max_concurrency ?? v.input_lens.length };
  const shape = v.burstiness ?? 1;
  return {
    mode: "rate",
    value: rate,
    arrival: shape === 1 ? "poisson" : `gamma:${1 / Math.sqrt(shape)}`,
    max_concurrency: v.max_concurrency ?? null,
  };
}

/**
 * One record per request of a vLLM result. vLLM keeps no send times, so every request is placed at
 * t = 0: TTFT, ITL, TPOT and E2E are exact (they are differences), schedule lag is unknown (0) and
 * throughputs need the file's own duration. Chunks are rebuilt from TTFT plus the chunk gaps; the
 * usage token count is spread over them.
 */
export function vllmRecords(v: VllmResult): RequestRecord[] {
  const load = vllmLoad(v);
  return v.input_lens.map((input, i) => {
    const error = v.errors?.[i] ?? "";
    const ttft = error === "" ? v.ttfts[i] : undefined;
    const gaps = v.itls[i] ?? [];
    const ok = ttft !== undefined;
    const times: number[] = [];
    if (ttft !== undefined) {
      // Cumulated in seconds, as vLLM's own timestamps were, then converted once.
      let t = ttft;
      times.push(t * 1000);
      for (const g of gaps) {
        t += g;
        times.push(t * 1000);
      }
    }
    const output = v.output_lens[i] ?? 0;
    const per =
      splitTokensOverChunks(new Array<number>(times.length).fill(1), output) ?? new Array<number>(times.length).fill(1);
    const last = times.at(-1) ?? null;
    const text = v.generated_texts?.[i] ?? "";
    const record: RequestRecord = {
      schema: RECORD_SCHEMA,
      id: i,
      level: 0,
      load,
      phase: "measure",
      item: i,
      request: { api: "completions", body: { imported_from: "vllm", input_tokens: input } },
      t_intended: 0,
      t_sent: 0,
      t_first: times[0] ?? null,
      t_last: last,
      t_end: last ?? 0,
      chunks: times.map((t, k) => [t, per[k] ?? 1]),
      tokens: {
        input,
        input_source: "usage",
        output: ok ? output : 0,
        output_source: "usage",
        output_usage: ok ? output : null,
        output_tokenizer: null,
        output_chunks: times.length,
        chunk_tokens: "usage_split",
        cached_input: null,
      },
      finish_reason: null,
      text,
      reasoning: "",
      error: ok ? null : { kind: "server_error_event", message: error || "failed in vLLM's run" },
    };
    return record;
  });
}
