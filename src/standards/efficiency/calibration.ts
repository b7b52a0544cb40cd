/** Schema id of `infermark calibrate --json`. */
export const CALIBRATE_SCHEMA = "infermark.calibrate/1";

/** What calibration runs: the built-in server's timing, the loads, the thread counts, and the error bound. */
export interface CalibrateOptions {
  ttftMs: number;
  itlMs: number;
  tokens: number;
  concurrency: number[];
  workers: number[];
  /** TTFT error p50 bound (ms) that defines "within budget". */
  boundMs: number;
}

/** The client's overhead at one load. */
export interface CalibrationRow {
  workers: number;
  concurrency: number;
  requests: number;
  /** Streamed output tokens per second during the level. */
  tokens_per_s: number;
  /** Client TTFT − the server's own TTFT for the same request (ms). */
  ttft_error_ms: { p50: number; p99: number };
  /** Client CPU time (all threads) per 1,000 streamed tokens. */
  cpu_ms_per_1k_tokens: number;
  event_loop_delay_p99_ms: number;
  /** The evidence client_limited weighs: the stamping thread's loop delay, the client-caused lag, CPU. */
  stamp_loop_delay_ms: { p50: number; p99: number };
  schedule_lag_p99_ms: number;
  cpu_cores: number;
  client_limited: boolean;
  /** Why client_limited fired (empty when it did not). */
  client_reasons: string[];
}

/** This machine's overhead budget: every row, and the highest load whose TTFT error p50 stays within the bound, per thread count. */
export interface Calibration {
  schema: typeof CALIBRATE_SCHEMA;
  host: Record<string, unknown>;
  server: { ttft_ms: number; itl_ms: number; tokens: number };
  bound_ms: number;
  rows: CalibrationRow[];
  within_bound: Array<{ workers: number; concurrency: number | null; tokens_per_s: number | null }>;
}
