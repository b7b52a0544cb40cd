import { z } from "zod";
import { RECORD_SCHEMA, type LoadSpec, type RequestRecord } from "../record.js";

const REQUEST = z.object({
  request_id: z.string().optional(),
  prompt_tokens: z.number().nullable().optional(),
  output_tokens: z.number().nullable().optional(),
  start_time: z.number(),
  end_time: z.number(),
  first_token_time: z.number().nullable().optional(),
  last_token_time: z.number().nullable().optional(),
  output: z.string().nullable().optional(),
  error: z.string().nullable().optional(),
  scheduler_info: z.object({ targeted_start_time: z.number().optional() }).partial().optional(),
});

/** The fields of a GuideLLM (v0.2–0.3) benchmarks.json that records are built from. */
export const GUIDELLM_REPORT = z.object({
  benchmarks: z.array(
    z.object({
      start_time: z.number(),
      end_time: z.number(),
      duration: z.number().optional(),
      args: z
        .object({
          strategy: z
            .object({
              type_: z.string(),
              rate: z.number().optional(),
              streams: z.number().optional(),
              max_concurrency: z.number().nullable().optional(),
            })
            .passthrough(),
        })
        .passthrough(),
      requests: z.object({
        successful: z.array(REQUEST),
        errored: z.array(REQUEST).optional(),
        incomplete: z.array(REQUEST).optional(),
      }),
    }),
  ),
});

/** A parsed GuideLLM report. */
export type GuidellmReport = z.infer<typeof GUIDELLM_REPORT>;

function loadOf(strategy: GuidellmReport["benchmarks"][number]["args"]["strategy"]): LoadSpec {
  switch (strategy.type_) {
    case "synchronous":
      return { mode: "concurrency", value: 1 };
    case "concurrent":
      return { mode: "concurrency", value: strategy.streams ?? 1 };
    case "constant":
    case "poisson":
      return {
        mode: "rate",
        value: strategy.rate ?? 0,
        arrival: strategy.type_,
        max_concurrency: strategy.max_concurrency ?? null,
      };
    default:
      // "throughput": everything at once, up to its concurrency cap.
      return { mode: "concurrency", value: strategy.max_concurrency ?? 0 };
  }
}

/**
 * Records from a GuideLLM report, one level per benchmark. Times are relative to the first
 * benchmark's start. GuideLLM keeps only the first and last token times of each request, so a
 * record has two chunks (the first token, then the other N − 1): TTFT, E2E and TPOT are exact,
 * ITL is the even split GuideLLM itself reports.
 */
export function guidellmRecords(g: GuidellmReport): { records: RequestRecord[]; durations: number[] } {
  const origin = Math.min(...g.benchmarks.map((b) => b.start_time));
  const ms = (t: number): number => (t - origin) * 1000;
  const records: RequestRecord[] = [];
  g.benchmarks.forEach((b, level) => {
    const load = loadOf(b.args.strategy);
    const all = [
      ...b.requests.successful.map((r) => [r, null] as const),
      ...(b.requests.errored ?? []).map((r) => [r, r.error ?? "errored"] as const),
      ...(b.requests.incomplete ?? []).map((r) => [r, "incomplete"] as const),
    ];
    for (const [r, error] of all) {
      const n = r.output_tokens ?? 0;
      const first = r.first_token_time ?? null;
      const last = r.last_token_time ?? null;
      // A request counts as completed only with both token times and at least one token.
      const times =
        error === null && first !== null && last !== null && n > 0 ? { first: ms(first), last: ms(last) } : null;
      const chunks: Array<[number, number]> = times
        ? n > 1
          ? [
              [times.first, 1],
              [times.last, n - 1],
            ]
          : [[times.first, 1]]
        : [];
      records.push({
        schema: RECORD_SCHEMA,
        id: records.length,
        level,
        load,
        phase: "measure",
        item: records.length,
        request: { api: "completions", body: { imported_from: "guidellm", request_id: r.request_id ?? null } },
        t_intended: ms(r.scheduler_info?.targeted_start_time ?? r.start_time),
        t_sent: ms(r.start_time),
        t_first: times?.first ?? null,
        t_last: times?.last ?? null,
        t_end: ms(r.end_time),
        chunks,
        tokens: {
          input: r.prompt_tokens ?? null,
          input_source: r.prompt_tokens != null ? "usage" : null,
          output: n,
          output_source: "usage",
          output_usage: r.output_tokens ?? null,
          output_tokenizer: null,
          output_chunks: chunks.length,
          chunk_tokens: "usage_split",
          cached_input: null,
        },
        finish_reason: null,
        text: r.output ?? "",
        reasoning: "",
        error: times
          ? null
          : { kind: error === "incomplete" ? "aborted" : "server_error_event", message: error ?? "no tokens" },
      });
    }
  });
  return { records, durations: g.benchmarks.map((b) => b.duration ?? b.end_time - b.start_time) };
}
