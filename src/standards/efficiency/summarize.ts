import { isCompleted, type LoadSpec, type RequestRecord, type TokenSource } from "../../records/record.js";
import { distribution, type Distribution } from "../../stats/distribution.js";
import { requestTiming } from "./request-timing.js";

/** Schema id of summary.json and of `--json` output. */
export const BENCH_SUMMARY_SCHEMA = "infermark.bench/1";

/** Efficiency metrics of one load level. */
export interface LevelSummary {
  load: LoadSpec;
  requests: { sent: number; completed: number; failed: number; errors: Record<string, number> };
  /** From the first request sent to the last stream closed, in seconds. */
  duration_s: number;
  throughput: { requests_per_s: number; input_tokens_per_s: number; output_tokens_per_s: number; total_tokens_per_s: number };
  latency_ms: {
    ttft: Distribution;
    tpot: Distribution;
    itl: Distribution;
    icl: Distribution;
    e2e: Distribution;
    schedule_lag: Distribution;
    response: Distribution;
  };
  tokens: { input: number; output: number; output_source: TokenSource | null; mismatches: number };
  validity: { itl_estimated: boolean; warnings: string[] };
}

/** The bench summary: what summary.json holds and `--json` prints. */
export interface BenchSummary {
  schema: typeof BENCH_SUMMARY_SCHEMA;
  target: Record<string, unknown>;
  levels: LevelSummary[];
}

const TRUST: TokenSource[] = ["usage", "tokenizer", "chunks", "workload"];

/** A record's output count disagrees with the client's own count (tokenizer, else chunks). */
function isMismatch(r: RequestRecord): boolean {
  const server = r.tokens.output_usage;
  if (server === null) return false;
  return server !== (r.tokens.output_tokenizer ?? r.tokens.output_chunks);
}

/** Summarises the measured (non-warmup) records of one level. Pure: same records, same numbers. */
export function summarizeLevel(load: LoadSpec, records: readonly RequestRecord[]): LevelSummary {
  const errors: Record<string, number> = {};
  const ttft: number[] = [];
  const tpot: number[] = [];
  const itl: number[] = [];
  const icl: number[] = [];
  const e2e: number[] = [];
  const scheduleLag: number[] = [];
  const response: number[] = [];
  let completed = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let mismatches = 0;
  let itlEstimated = false;
  let start = Infinity;
  let end = -Infinity;
  const sources = new Set<TokenSource>();

  for (const r of records) {
    start = Math.min(start, r.t_sent);
    end = Math.max(end, r.t_end);
    if (!isCompleted(r)) {
      const kind = r.error!.kind;
      errors[kind] = (errors[kind] ?? 0) + 1;
      continue;
    }
    completed++;
    const t = requestTiming(r);
    if (t.ttft !== null) ttft.push(t.ttft);
    if (t.tpot !== null) tpot.push(t.tpot);
    if (t.e2e !== null) e2e.push(t.e2e);
    scheduleLag.push(t.scheduleLag);
    if (t.response !== null) response.push(t.response);
    for (const g of t.itl) itl.push(g);
    for (const g of t.icl) icl.push(g);
    itlEstimated ||= t.itlEstimated;
    inputTokens += r.tokens.input ?? 0;
    outputTokens += r.tokens.output;
    sources.add(r.tokens.output_source);
    if (isMismatch(r)) mismatches++;
  }

  const duration = records.length > 0 ? (end - start) / 1000 : 0;
  const rate = (x: number): number => (duration > 0 ? x / duration : 0);
  const outputSource = TRUST.filter((s) => sources.has(s)).at(-1) ?? null;
  const warnings: string[] = [];
  if (itlEstimated) warnings.push("some chunks carried several tokens: ITL splits their gap evenly (estimated)");
  if (sources.size > 1) warnings.push(`output token counts come from several sources (${[...sources].join(", ")})`);
  if (mismatches > 0) warnings.push(`${mismatches} requests: server usage disagrees with the client's token count`);
  const failed = records.length - completed;
  if (failed > 0) warnings.push(`${failed} of ${records.length} requests failed`);

  return {
    load,
    requests: { sent: records.length, completed, failed, errors },
    duration_s: duration,
    throughput: {
      requests_per_s: rate(completed),
      input_tokens_per_s: rate(inputTokens),
      output_tokens_per_s: rate(outputTokens),
      total_tokens_per_s: rate(inputTokens + outputTokens),
    },
    latency_ms: {
      ttft: distribution(ttft),
      tpot: distribution(tpot),
      itl: distribution(itl),
      icl: distribution(icl),
      e2e: distribution(e2e),
      schedule_lag: distribution(scheduleLag),
      response: distribution(response),
    },
    tokens: { input: inputTokens, output: outputTokens, output_source: outputSource, mismatches },
    validity: { itl_estimated: itlEstimated, warnings },
  };
}

/** Summarises a whole run from its records: one entry per load level, warmup excluded. */
export function summarizeBench(target: Record<string, unknown>, records: readonly RequestRecord[]): BenchSummary {
  const byLevel = new Map<number, RequestRecord[]>();
  for (const r of records) {
    if (r.phase !== "measure") continue;
    let list = byLevel.get(r.level);
    if (!list) byLevel.set(r.level, (list = []));
    list.push(r);
  }
  const levels = [...byLevel.entries()].sort((a, b) => a[0] - b[0]).map(([, recs]) => summarizeLevel(recs[0]!.load, recs));
  return { schema: BENCH_SUMMARY_SCHEMA, target, levels };
}
