import { isCompleted, type RequestRecord } from "../../../records/record.js";
import { durationOf, successful, type CompatOptions } from "./common.js";
import { linearPercentile, mean, std } from "./stats.js";

const QUANTILES = { p25: 0.25, p50: 0.5, p75: 0.75, p90: 0.9, p95: 0.95, p99: 0.99 };

function stats(xs: number[]): Record<string, unknown> {
  return {
    quantiles: Object.fromEntries(Object.entries(QUANTILES).map(([k, q]) => [k, linearPercentile(xs, q)])),
    mean: mean(xs),
    min: xs.length ? Math.min(...xs) : null,
    max: xs.length ? Math.max(...xs) : null,
    stddev: std(xs, 1),
  };
}

/**
 * One level as Ray LLMPerf's `token_benchmark_ray.py` reports it, in seconds: ttft_s;
 * end_to_end_latency_s to the stream end; inter_token_latency_s = the sum of every gap from send to
 * each chunk (so TTFT included) over the output tokens; request_output_throughput_token_per_s =
 * tokens / end-to-end latency; pandas quantiles (linear) and sample std (n − 1).
 */
export function llmperfView(records: readonly RequestRecord[], o: CompatOptions): Record<string, unknown> {
  const ok = successful(records);
  const sec = (ms: number): number => ms / 1000;
  const n = ok.map((r) => r.tokens.output);
  const duration = durationOf(records, o);
  const errors = records.filter((r) => !isCompleted(r)).length;
  return {
    results: {
      ttft_s: stats(ok.map((r) => sec(r.t_first! - r.t_sent))),
      end_to_end_latency_s: stats(ok.map((r) => sec(r.t_end - r.t_sent))),
      inter_token_latency_s: stats(ok.map((r, i) => sec(r.t_last! - r.t_sent) / n[i]!)),
      request_output_throughput_token_per_s: stats(ok.map((r, i) => n[i]! / sec(r.t_end - r.t_sent))),
      number_output_tokens: stats(n),
      number_errors: errors,
      error_rate: records.length ? errors / records.length : 0,
      num_completed_requests: ok.length,
      num_completed_requests_per_min: duration > 0 ? (ok.length / duration) * 60 : 0,
      mean_output_throughput_token_per_s: duration > 0 ? n.reduce((a, b) => a + b, 0) / duration : 0,
    },
  };
}
