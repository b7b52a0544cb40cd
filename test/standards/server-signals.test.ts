import { describe, expect, it } from "vitest";
import { parsePrometheus, prometheusDelta } from "../../src/standards/efficiency/server-signals.js";

describe("Prometheus server signals", () => {
  it("sums series over labels and skips comments", () => {
    const s = parsePrometheus(
      '# HELP x\n# TYPE vllm:num_requests_running gauge\nvllm:num_requests_running{model_name="a"} 2\nvllm:num_requests_running{model_name="b"} 3\nbad line\n',
    );
    expect(s.get("vllm:num_requests_running")).toBe(5);
  });

  it("turns two vLLM scrapes into per-level means and a prefix-cache hit rate", () => {
    const before = parsePrometheus(
      [
        "vllm:request_success_total 10",
        "vllm:request_queue_time_seconds_sum 1",
        "vllm:request_queue_time_seconds_count 10",
        "vllm:e2e_request_latency_seconds_sum 5",
        "vllm:e2e_request_latency_seconds_count 10",
        "vllm:prefix_cache_queries_total 1000",
        "vllm:prefix_cache_hits_total 100",
      ].join("\n"),
    );
    const after = parsePrometheus(
      [
        "vllm:request_success_total 14",
        "vllm:request_queue_time_seconds_sum 1.8",
        "vllm:request_queue_time_seconds_count 14",
        "vllm:e2e_request_latency_seconds_sum 7",
        "vllm:e2e_request_latency_seconds_count 14",
        "vllm:prefix_cache_queries_total 1400",
        "vllm:prefix_cache_hits_total 400",
        "vllm:num_requests_waiting 3",
      ].join("\n"),
    );
    const d = prometheusDelta(before, after)!;
    expect(d.engine).toBe("vllm");
    expect(d.requests).toBe(4);
    expect(d.queue_time_ms_mean).toBeCloseTo(200, 9); // 0.8 s over 4 requests
    expect(d.e2e_ms_mean).toBeCloseTo(500, 9);
    expect(d.prefix_cache_hit_rate).toBeCloseTo(0.75, 12); // 300 of 400 looked-up tokens
    expect(d.waiting_after).toBe(3);
    expect(prometheusDelta(before, parsePrometheus("process_cpu_seconds_total 3"))).toBeNull();
  });
});
