import { percentileSorted } from "../stats/distribution.js";
import { quantileInterval } from "../stats/quantile-interval.js";
import type { EvalSummary } from "../standards/accuracy/summarize-eval.js";
import type { BenchSummary } from "../standards/efficiency/summarize.js";
import { costOf, type Pricing } from "./cost.js";
import type { CandidateMetrics, Estimate } from "./estimate.js";

/** One load level's per-request latencies (ms), for the percentiles' intervals. */
export interface LevelValues {
  ttft: readonly number[];
  tpot: readonly number[];
  e2e: readonly number[];
}

/** What was measured of one candidate, as plain data: its eval summaries, its bench summary and that level's values, its price. */
export interface CandidateEvidence {
  evals: readonly EvalSummary[];
  bench: BenchSummary | null;
  /** Per bench level index. */
  levelValues: ReadonlyMap<number, LevelValues>;
  /** Latencies of the quality stage's requests (those the target answered, not the cache), or null. */
  qualityValues?: LevelValues | null;
  pricing: Pricing | null;
}

const QUANTILES = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 } as const;

function withCi(m: { value: number | null; n: number; ci95?: [number, number] }): Estimate | null {
  return m.value === null ? null : { value: m.value, ci95: m.ci95 ?? null, n: m.n };
}

/**
 * The candidate's metrics by the names gates and objectives use (docs/decide.md). Accuracy is the
 * first task's first metric (and `accuracy.<task>` each task's); latency percentiles come from the
 * bench run's highest load level — the level a deployment must survive — with order-statistic
 * intervals; cost from the price at that level's measured rates. What was not measured is absent.
 */
export function candidateMetrics(e: CandidateEvidence): { metrics: CandidateMetrics; level: number | null } {
  const out: Record<string, Estimate> = {};
  const put = (name: string, est: Estimate | null): void => {
    if (est && Number.isFinite(est.value)) out[name] = est;
  };
  e.evals.forEach((s) => {
    for (const t of s.tasks) {
      const first = Object.entries(t.metrics)[0];
      if (!first) continue;
      put(`accuracy.${t.task}`, withCi(first[1]));
      if (out.accuracy === undefined) put("accuracy", withCi(first[1]));
      const r = t.robustness;
      if (r && out["robustness.worst_case"] === undefined) put("robustness.worst_case", withCi(r.worst_case));
      const u = t.usability;
      if (u?.ifeval && out["ifeval.prompt_strict"] === undefined) {
        put("ifeval.prompt_strict", withCi(u.ifeval.prompt_strict));
        put("ifeval.inst_strict", withCi(u.ifeval.inst_strict));
      }
      const rep = u?.repetition?.seq_rep_4;
      if (rep && rep.mean !== null && out["repetition.seq_rep_4"] === undefined)
        put("repetition.seq_rep_4", { value: rep.mean, ci95: null, n: rep.n });
    }
  });
  const level = e.bench?.levels[e.bench.levels.length - 1];
  if (level) {
    const values = e.levelValues.get(level.level);
    for (const metric of ["ttft", "tpot", "e2e"] as const) {
      const d = level.latency_ms[metric];
      const sorted = [...(values?.[metric] ?? [])].sort((a, b) => a - b);
      for (const [stat, q] of Object.entries(QUANTILES))
        put(`${metric}.${stat}`, percentileEstimate(d[stat as keyof typeof QUANTILES], d.n, sorted, q));
    }
    const n = level.requests.completed;
    put("throughput.output_tokens_per_s", { value: level.throughput.output_tokens_per_s, ci95: null, n });
    put("throughput.requests_per_s", { value: level.throughput.requests_per_s, ci95: null, n });
    if (e.pricing && n > 0) {
      const c = costOf(e.pricing, {
        requests_per_s: level.throughput.requests_per_s,
        output_tokens_per_s: level.throughput.output_tokens_per_s,
        mean_input_tokens: level.tokens.input / n,
        mean_output_tokens: level.tokens.output / n,
        n,
      });
      put("cost_per_1k_requests", { value: c.cost_per_1k_requests, ci95: null, n });
      put("cost_per_1m_output_tokens", { value: c.cost_per_1m_output_tokens, ci95: null, n });
    }
  }
  // The quality stage's requests were timed anyway; at eval's own concurrency, not a chosen load level.
  if (e.qualityValues)
    for (const metric of ["ttft", "tpot", "e2e"] as const) {
      const sorted = [...e.qualityValues[metric]].sort((a, b) => a - b);
      if (sorted.length === 0) continue;
      for (const [stat, q] of Object.entries(QUANTILES))
        put(`quality.${metric}.${stat}`, percentileEstimate(percentileSorted(sorted, q), sorted.length, sorted, q));
    }
  return { metrics: out, level: level?.level ?? null };
}

/** A percentile with its order-statistic interval from the values (sorted ascending) it was computed from. */
function percentileEstimate(value: number | null, n: number, sorted: readonly number[], q: number): Estimate | null {
  if (value === null) return null;
  const ci = sorted.length > 0 ? quantileInterval(sorted, q) : null;
  // A side an order statistic can bound only from n values on: q^n ≤ 2.5 % for the upper, (1 − q)^n ≤ 2.5 % for the lower.
  const bounded = Math.ceil(Math.log(0.025) / Math.log(Math.max(q, 1 - q)));
  return {
    value,
    ci95: ci ? [ci.lo, ci.hi] : null,
    n,
    ...(ci && (ci.lo === null || ci.hi === null) ? { n_bounded: bounded } : {}),
  };
}
