import { distributionOfSortedRuns, type Distribution } from "./distribution.js";
import { LogHistogram } from "./log-histogram.js";
import { ValueList } from "./value-list.js";

/** Relative error of percentiles once a sample outgrows its cap: 0.1 % (a few thousand buckets for any latency range). */
export const DEFAULT_RELATIVE_ERROR = 0.001;

/**
 * A distribution fed one value at a time: exact (every value kept, 8 bytes each) up to `cap`
 * values, then a log-bucketed histogram whose percentiles are within `relativeError` of the exact
 * ones, so memory stays bounded however long a level runs. Below the cap `finish()` is exactly
 * `distribution()` of the same values; past it the result says so in `approx`.
 */
export class StreamingDistribution {
  private exact: ValueList | null = new ValueList();
  private hist: LogHistogram | null = null;

  constructor(
    private readonly cap: number,
    private readonly relativeError = DEFAULT_RELATIVE_ERROR,
  ) {}

  get n(): number {
    return this.hist?.n ?? this.exact?.length ?? 0;
  }

  /** True once the values outgrew the cap and percentiles come from the histogram. */
  get approximate(): boolean {
    return this.hist !== null;
  }

  add(x: number): void {
    if (this.exact !== null && this.exact.length < this.cap) return this.exact.push(x);
    if (this.hist === null) {
      const hist = new LogHistogram(this.relativeError);
      this.exact?.forEach((v) => hist.add(v));
      this.exact = null;
      this.hist = hist;
    }
    this.hist.add(x);
  }

  /**
   * The distribution of what was added. The exact values are sorted where they are held (their
   * order is of no use to a distribution) and read by a walk over the sorted blocks: summarising a
   * list of a million gaps costs no 8 MB copy.
   */
  finish(): Distribution {
    if (this.hist === null) return distributionOfSortedRuns(this.exact?.sortedRuns() ?? []);
    const h = this.hist;
    return {
      n: h.n,
      mean: h.sum / h.n,
      min: h.min,
      max: h.max,
      p50: h.quantile(0.5),
      p90: h.quantile(0.9),
      p95: h.quantile(0.95),
      p99: h.quantile(0.99),
      approx: { relative_error: this.relativeError },
    };
  }
}
