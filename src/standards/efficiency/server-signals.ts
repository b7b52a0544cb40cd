/** Prometheus samples summed over label sets: metric name → value. */
export type PrometheusSample = Map<string, number>;

/** Parses Prometheus text exposition into name → value, summing series that differ only in labels. */
export function parsePrometheus(text: string): PrometheusSample {
  const out: PrometheusSample = new Map();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const v = Number(m[3]);
    if (!Number.isFinite(v)) continue;
    out.set(m[1]!, (out.get(m[1]!) ?? 0) + v);
  }
  return out;
}

/** The server's own view of one level, from its /metrics before and after (vLLM or SGLang names). */
export interface PrometheusDelta {
  /** Which family of names was found. */
  engine: "vllm" | "sglang";
  /** Requests the server finished during the level (its own counter). */
  requests: number | null;
  /** Mean time requests waited in the server's queue before being scheduled (ms). */
  queue_time_ms_mean: number | null;
  /** The server's own mean TTFT and end-to-end latency (ms). */
  ttft_ms_mean: number | null;
  e2e_ms_mean: number | null;
  /** Prompt tokens served from the prefix cache over prompt tokens looked up, during the level. */
  prefix_cache_hit_rate: number | null;
  /** Running and waiting requests as sampled after the level (gauges). */
  running_after: number | null;
  waiting_after: number | null;
}

const NAMES = {
  vllm: {
    success: ["vllm:request_success_total"],
    queue: "vllm:request_queue_time_seconds",
    ttft: "vllm:time_to_first_token_seconds",
    e2e: "vllm:e2e_request_latency_seconds",
    hits: ["vllm:prefix_cache_hits_total", "vllm:gpu_prefix_cache_hits_total"],
    queries: ["vllm:prefix_cache_queries_total", "vllm:gpu_prefix_cache_queries_total"],
    running: "vllm:num_requests_running",
    waiting: "vllm:num_requests_waiting",
  },
  sglang: {
    success: ["sglang:num_requests_total"],
    queue: "sglang:queue_time_seconds",
    ttft: "sglang:time_to_first_token_seconds",
    e2e: "sglang:e2e_request_latency_seconds",
    hits: ["sglang:cached_tokens_total"],
    queries: ["sglang:prompt_tokens_total"],
    running: "sglang:num_running_reqs",
    waiting: "sglang:num_queue_reqs",
  },
} as const;

/** The change between two scrapes, read through vLLM's or SGLang's metric names; null when neither is present. */
export function prometheusDelta(before: PrometheusSample, after: PrometheusSample): PrometheusDelta | null {
  const engine = [...after.keys()].some((k) => k.startsWith("vllm:"))
    ? "vllm"
    : [...after.keys()].some((k) => k.startsWith("sglang:"))
      ? "sglang"
      : null;
  if (engine === null) return null;
  const n = NAMES[engine];
  const diff = (name: string): number | null => (after.has(name) ? after.get(name)! - (before.get(name) ?? 0) : null);
  const first = (names: readonly string[]): number | null => {
    for (const name of names) {
      const d = diff(name);
      if (d !== null) return d;
    }
    return null;
  };
  const meanMs = (hist: string): number | null => {
    const sum = diff(`${hist}_sum`);
    const count = diff(`${hist}_count`);
    return sum !== null && count !== null && count > 0 ? (sum / count) * 1000 : null;
  };
  const hits = first(n.hits);
  const queries = first(n.queries);
  return {
    engine,
    requests: first(n.success),
    queue_time_ms_mean: meanMs(n.queue),
    ttft_ms_mean: meanMs(n.ttft),
    e2e_ms_mean: meanMs(n.e2e),
    prefix_cache_hit_rate: hits !== null && queries !== null && queries > 0 ? hits / queries : null,
    running_after: after.get(n.running) ?? null,
    waiting_after: after.get(n.waiting) ?? null,
  };
}

/** Server-side signals of one level, and the split of mean latency they allow. */
export interface ServerSignals {
  prometheus: PrometheusDelta | null;
  /** Means of per-request server timings (llama.cpp `timings`) over the requests that carried them. */
  timings: { n: number; prompt_ms_mean: number; predicted_ms_mean: number } | null;
  /**
   * Mean E2E split into: client (schedule lag before sending), server (the server's own processing
   * time), and the rest: network and the server's queue (separated when /metrics reports queue time).
   */
  split_ms: {
    e2e: number;
    client: number;
    queue: number | null;
    network: number | null;
    network_and_queue: number;
    server: number;
    source: "timings" | "prometheus";
  } | null;
}

/** Server timings carried by a level's records (their means) and the server's /metrics delta, with the latency split they allow. */
export function serverSignals(
  timings: ServerSignals["timings"],
  latency: { e2e: { mean: number | null }; schedule_lag: { mean: number | null } },
  prometheus: PrometheusDelta | null,
): ServerSignals | null {
  if (!timings && !prometheus) return null;
  const e2e = latency.e2e.mean;
  const client = latency.schedule_lag.mean ?? 0;
  let split: ServerSignals["split_ms"] = null;
  if (e2e !== null && timings) {
    const server = timings.prompt_ms_mean + timings.predicted_ms_mean;
    split = { e2e, client, queue: null, network: null, network_and_queue: e2e - server, server, source: "timings" };
  } else if (e2e !== null && prometheus?.e2e_ms_mean != null) {
    const queue = prometheus.queue_time_ms_mean;
    const server = prometheus.e2e_ms_mean - (queue ?? 0);
    split = {
      e2e,
      client,
      queue,
      network: queue !== null ? e2e - prometheus.e2e_ms_mean : null,
      network_and_queue: e2e - server,
      server,
      source: "prometheus",
    };
  }
  return { prometheus, timings, split_ms: split };
}
