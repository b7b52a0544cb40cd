import type { RequestRecord } from "../../../records/record.js";
import { durationOf, successful, type CompatOptions } from "./common.js";
import { linearPercentile, mean, std } from "./stats.js";

/**
 * One level as vLLM's `benchmark_serving.py` reports it (2025): TTFT to the first content chunk;
 * E2EL to the last content chunk; TPOT per request = (E2EL − TTFT) / (output_len − 1), only for
 * requests with more than one token; ITL = every gap between content chunks, pooled over requests
 * and NOT split per token (infermark calls this ICL); means request-weighted (ITL: gap-weighted);
 * std with divisor n; percentiles numpy-linear; throughputs over the benchmark duration.
 */
export function vllmView(records: readonly RequestRecord[], o: CompatOptions): Record<string, number | null> {
  const ok = successful(records);
  const ttfts: number[] = [];
  const tpots: number[] = [];
  const itls: number[] = [];
  const e2els: number[] = [];
  let input = 0;
  let output = 0;
  for (const r of ok) {
    const ttft = r.t_first! - r.t_sent;
    const latency = r.t_last! - r.t_sent;
    const n = r.tokens.output;
    ttfts.push(ttft);
    e2els.push(latency);
    if (n > 1) tpots.push((latency - ttft) / (n - 1));
    for (let i = 1; i < r.chunks.length; i++) itls.push(r.chunks[i]![0] - r.chunks[i - 1]![0]);
    input += r.tokens.input ?? 0;
    output += n;
  }
  const duration = durationOf(records, o);
  const out: Record<string, number | null> = {
    duration,
    completed: ok.length,
    total_input_tokens: input,
    total_output_tokens: output,
    request_throughput: ok.length / duration,
    request_goodput: null,
    output_throughput: output / duration,
    total_token_throughput: (input + output) / duration,
  };
  for (const [name, xs] of [
    ["ttft", ttfts],
    ["tpot", tpots],
    ["itl", itls],
    ["e2el", e2els],
  ] as const) {
    out[`mean_${name}_ms`] = mean(xs);
    out[`median_${name}_ms`] = linearPercentile(xs, 0.5);
    out[`std_${name}_ms`] = std(xs, 0);
    out[`p99_${name}_ms`] = linearPercentile(xs, 0.99);
  }
  return out;
}
