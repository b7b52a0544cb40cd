import type { LoadSpec } from "../records/record.js";
import type { BenchCompareResult, ComparedMetric, ComparedStat } from "../standards/efficiency/compare-bench.js";

/** One latency percentile of one level under `compare --fail-on-regression` for bench runs. */
export interface LatencyRegressionCheck {
  load: LoadSpec;
  metric: ComparedMetric;
  stat: ComparedStat;
  /** The relative margin, and what it is in ms at this percentile: margin × A's value, or the profile's own ms margin. */
  margin: number;
  margin_ms: number | null;
  /** True when margin_ms is the profile's own for this percentile rather than margin × A. */
  margin_from_profile: boolean;
  difference: number | null;
  ci95: [number, number] | null;
  /**
   * `regression`: the whole 95 % CI of B − A lies above margin_ms (B slower by more than the margin).
   * `non_inferior`: the whole CI lies below it. `inconclusive`: it straddles it (more requests would
   * settle it). `not_compared`: the percentile has no CI (too few requests on a side).
   */
  verdict: "regression" | "non_inferior" | "inconclusive" | "not_compared";
}

/**
 * Judges every compared latency percentile of every matched level with a relative
 * non-inferiority margin: B may be slower than A by up to `margin` × A. Latency has no common
 * absolute scale across models and loads (10 ms is nothing for E2E, much for TPOT), so the margin
 * is a share of the baseline — unless `absoluteMs` names a margin for the percentile, as an
 * application profile does for the latencies it cares about. Only a CI wholly past the margin is a
 * regression.
 */
export function latencyRegressionChecks(
  cmp: BenchCompareResult,
  margin: number,
  absoluteMs: Readonly<Record<string, number>> = {},
): LatencyRegressionCheck[] {
  return cmp.levels.flatMap((l) =>
    l.latency.map((c): LatencyRegressionCheck => {
      const own = absoluteMs[`${c.metric}.${c.stat}`];
      const base = { load: l.load, metric: c.metric, stat: c.stat, margin, margin_from_profile: own !== undefined };
      if (c.difference === null || c.a === null)
        return { ...base, margin_ms: null, difference: null, ci95: null, verdict: "not_compared" };
      // A profile that names a margin in ms for this percentile (e.g. "ttft.p95": 50) means it as written.
      const m = own ?? margin * c.a;
      const verdict = c.ci95[0] > m ? "regression" : c.ci95[1] < m ? "non_inferior" : "inconclusive";
      return { ...base, margin_ms: m, difference: c.difference, ci95: c.ci95, verdict };
    }),
  );
}
