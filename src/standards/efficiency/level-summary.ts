import type { LoadSpec, TokenSource } from "../../records/record.js";
import type { Distribution } from "../../stats/distribution.js";
import type { Capacity } from "./capacity.js";
import type { ClientHealth } from "./client-health.js";
import type { LatencyDistributions } from "./latency-metrics.js";
import type { LevelCut } from "./level-cut.js";
import type { ServerSignals } from "./server-signals.js";

/** Schema id of summary.json and of `--json` output. */
export const BENCH_SUMMARY_SCHEMA = "infermark.bench/1";

/** Per-level goodput under the run's SLO. */
export interface Goodput {
  /** Measured requests per second that completed and met every SLO term; failures count as misses. */
  requests_per_s: number;
  /** Share of every measured arrival (completed, failed or dropped) that met every term. */
  fraction: number;
  slo: Record<string, number>;
  /** True when every term holds for the level's distribution (the level passes its SLO). */
  met: boolean;
  /** Each term's value at this level (null when its distribution is empty). */
  values: Record<string, number | null>;
  /** Terms over an empty distribution at this level: reported, never failing the level by themselves. */
  not_applicable: string[];
}

/** The level's verdicts and the warnings that explain them. */
export interface Validity {
  client_limited: boolean;
  cap_limited: boolean;
  saturated: boolean;
  itl_estimated: boolean;
  warnings: string[];
}

/** Efficiency metrics of one load level. */
export interface LevelSummary {
  level: number;
  load: LoadSpec;
  /** Requests per second the schedule offered (rate mode), else null. */
  offered_rate: number | null;
  /** Completed measured requests per second over the measured window. */
  achieved_rate: number;
  requests: {
    sent: number;
    completed: number;
    failed: number;
    /** Never sent: still waiting for a --max-concurrency slot when the level ended. */
    dropped: number;
    /** Sent more than LATE_MS after their intended time. */
    late: number;
    errors: Record<string, number>;
  };
  /** From the first request sent to the last stream closed, in seconds. */
  duration_s: number;
  throughput: {
    requests_per_s: number;
    input_tokens_per_s: number;
    output_tokens_per_s: number;
    total_tokens_per_s: number;
  };
  /** One distribution per entry of the latency metric table (latency-metrics.ts), in its order. */
  latency_ms: LatencyDistributions<Distribution>;
  /** Timer error of the open-loop scheduler: release time − intended time (ms). */
  pacing_ms: Distribution;
  tokens: { input: number; output: number; output_source: TokenSource | null; mismatches: number };
  goodput: Goodput | null;
  client: ClientHealth | null;
  server: ServerSignals | null;
  validity: Validity;
  /** Present when the level did not run to its end (a crash or Ctrl-C): what was planned and what is on disk. */
  cut?: LevelCut;
}

/** The bench summary: what summary.json holds and `--json` prints. */
export interface BenchSummary {
  schema: typeof BENCH_SUMMARY_SCHEMA;
  target: Record<string, unknown>;
  slo: Record<string, number> | null;
  levels: LevelSummary[];
  /** The capacity search result, with --find-max. */
  capacity?: Capacity;
  /** Levels of a fixed schedule that never started (the run stopped before them); absent when every level ran. */
  levels_not_run?: Array<{ level: number; load: LoadSpec }>;
}
