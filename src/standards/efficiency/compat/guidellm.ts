import type { RequestRecord } from "../../../records/record.js";
import { durationOf, successful, type CompatOptions } from "./common.js";
import { mean, std, weightedPercentile } from "./stats.js";

const PERCENTILES = {
  p001: 0.001,
  p01: 0.01,
  p05: 0.05,
  p10: 0.1,
  p25: 0.25,
  p50: 0.5,
  p75: 0.75,
  p90: 0.9,
  p95: 0.95,
  p99: 0.99,
  p999: 0.999,
};

/** GuideLLM's per-request values (v0.2–0.3), from one record. */
export function guidellmRequest(r: RequestRecord): {
  request_latency: number;
  time_to_first_token_ms: number;
  time_per_output_token_ms: number | null;
  inter_token_latency_ms: number | null;
  output_tokens: number;
} {
  const n = r.tokens.output;
  const decode = r.t_last! - r.t_first!;
  return {
    // Latency runs to the end of the response, not the last token (seconds).
    request_latency: (r.t_end - r.t_sent) / 1000,
    time_to_first_token_ms: r.t_first! - r.t_sent,
    // GuideLLM's TPOT divides the decode time by all output tokens; its ITL by all but the first.
    time_per_output_token_ms: n > 0 ? decode / n : null,
    inter_token_latency_ms: n > 1 ? decode / (n - 1) : null,
    output_tokens: n,
  };
}

function summary(values: number[], weights: number[]): Record<string, unknown> {
  const total = weights.reduce((a, b) => a + b, 0);
  const wmean = total > 0 ? values.reduce((a, v, i) => a + v * weights[i]!, 0) / total : 0;
  return {
    mean: wmean,
    median: weightedPercentile(values, weights, 0.5),
    std_dev: weights.every((w) => w === 1)
      ? std(values, 0)
      : Math.sqrt(total > 0 ? values.reduce((a, v, i) => a + weights[i]! * (v - wmean) ** 2, 0) / total : 0),
    min: values.length ? Math.min(...values) : 0,
    max: values.length ? Math.max(...values) : 0,
    count: values.length,
    percentiles: Object.fromEntries(
      Object.entries(PERCENTILES).map(([k, q]) => [k, weightedPercentile(values, weights, q)]),
    ),
  };
}

/**
 * One level as GuideLLM (v0.2–0.3) reports its successful requests: request latency in seconds to
 * the end of the response; TTFT; TPOT = (last − first token) / output tokens; ITL = (last − first
 * token) / (output tokens − 1) — infermark's TPOT; TPOT and ITL distributions weighted by tokens
 * (TPOT by N, ITL by N − 1), the others by request; percentiles as an inverse step CDF.
 */
export function guidellmView(records: readonly RequestRecord[], o: CompatOptions): Record<string, unknown> {
  const per = successful(records).map(guidellmRequest);
  const ones = (n: number): number[] => new Array<number>(n).fill(1);
  const tpot = per.filter((p) => p.time_per_output_token_ms !== null);
  const itl = per.filter((p) => p.inter_token_latency_ms !== null);
  const duration = durationOf(records, o);
  const outputTotal = per.reduce((a, p) => a + p.output_tokens, 0);
  return {
    duration,
    requests_per_second: duration > 0 ? per.length / duration : 0,
    output_tokens_per_second: duration > 0 ? outputTotal / duration : 0,
    request_latency: summary(
      per.map((p) => p.request_latency),
      ones(per.length),
    ),
    time_to_first_token_ms: summary(
      per.map((p) => p.time_to_first_token_ms),
      ones(per.length),
    ),
    time_per_output_token_ms: summary(
      tpot.map((p) => p.time_per_output_token_ms!),
      tpot.map((p) => p.output_tokens),
    ),
    inter_token_latency_ms: summary(
      itl.map((p) => p.inter_token_latency_ms!),
      itl.map((p) => p.output_tokens - 1),
    ),
    mean_of_requests: { time_per_output_token_ms: mean(tpot.map((p) => p.time_per_output_token_ms!)) },
  };
}
