import type { RequestRecord } from "../../../records/record.js";
import { durationOf, successful, type CompatOptions } from "./common.js";
import { linearPercentile, mean, std } from "./stats.js";

const STATS = { p1: 0.01, p5: 0.05, p10: 0.1, p25: 0.25, p50: 0.5, p75: 0.75, p90: 0.9, p95: 0.95, p99: 0.99 };

function stats(xs: number[], unit: string): Record<string, unknown> {
  return {
    unit,
    avg: mean(xs),
    min: xs.length ? Math.min(...xs) : null,
    max: xs.length ? Math.max(...xs) : null,
    std: std(xs, 0),
    ...Object.fromEntries(Object.entries(STATS).map(([k, q]) => [k, linearPercentile(xs, q)])),
  };
}

/**
 * One level as NVIDIA AIPerf (GenAI-Perf's successor) reports it: request_latency from send to the
 * final response (stream end); TTFT to the first response with content; inter_token_latency per
 * request = (request_latency − TTFT) / (output_sequence_length − 1); output_token_throughput_per_user
 * = 1000 / ITL; stats request-weighted with numpy-linear percentiles.
 */
export function aiperfView(records: readonly RequestRecord[], o: CompatOptions): Record<string, unknown> {
  const ok = successful(records);
  const latency = ok.map((r) => r.t_end - r.t_sent);
  const ttft = ok.map((r) => r.t_first! - r.t_sent);
  const itl: number[] = [];
  for (let i = 0; i < ok.length; i++) {
    const n = ok[i]!.tokens.output;
    if (n > 1) itl.push((latency[i]! - ttft[i]!) / (n - 1));
  }
  const osl = ok.map((r) => r.tokens.output);
  const duration = durationOf(records, o);
  return {
    benchmark_duration: { unit: "sec", avg: duration },
    request_count: { unit: "requests", avg: ok.length },
    request_throughput: { unit: "requests/sec", avg: duration > 0 ? ok.length / duration : 0 },
    output_token_throughput: { unit: "tokens/sec", avg: duration > 0 ? osl.reduce((a, b) => a + b, 0) / duration : 0 },
    request_latency: stats(latency, "ms"),
    time_to_first_token: stats(ttft, "ms"),
    inter_token_latency: stats(itl, "ms"),
    output_token_throughput_per_user: stats(
      itl.filter((x) => x > 0).map((x) => 1000 / x),
      "tokens/sec/user",
    ),
    output_sequence_length: stats(osl, "tokens"),
  };
}
