/**
 * A log-bucketed histogram with a stated relative error α: every value x ≠ 0 falls in a bucket
 * (γ^(i−1), γ^i] with γ = (1+α)/(1−α), whose representative 2γ^i/(γ+1) is within α·|x| of x
 * (the DDSketch construction). Memory grows with the log of the value range, not the count:
 * ~1,000 buckets span 1 µs to 1,000 s at α = 1 %. Count, sum, min and max are kept exactly.
 */
export class LogHistogram {
  private readonly logGamma: number;
  private readonly gamma: number;
  /** Bucket index → count, for positive values and (by magnitude) negative ones. */
  private readonly positive = new Map<number, number>();
  private readonly negative = new Map<number, number>();
  private zeros = 0;
  private count = 0;
  private total = 0;
  private lo = Infinity;
  private hi = -Infinity;

  constructor(readonly relativeError: number) {
    if (!(relativeError > 0 && relativeError < 1))
      throw new Error(`relative error must be in (0, 1), got ${relativeError}`);
    // A hair tighter than stated, so rounding in the logarithm at a bucket edge cannot exceed it.
    const a = relativeError * (1 - 1e-9);
    this.gamma = (1 + a) / (1 - a);
    this.logGamma = Math.log(this.gamma);
  }

  get n(): number {
    return this.count;
  }
  get sum(): number {
    return this.total;
  }
  get min(): number {
    return this.lo;
  }
  get max(): number {
    return this.hi;
  }

  add(x: number): void {
    this.count++;
    this.total += x;
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    if (x === 0) this.zeros++;
    else {
      const store = x > 0 ? this.positive : this.negative;
      const i = Math.ceil(Math.log(Math.abs(x)) / this.logGamma);
      store.set(i, (store.get(i) ?? 0) + 1);
    }
  }

  /**
   * Percentile q by the same rule as the exact one (Hyndman–Fan type 7: interpolate between the
   * values at ranks ⌊h⌋ and ⌊h⌋+1, h = (n−1)·q), each rank's value read as its bucket's
   * representative. Both ranks are within α of the true values and of the same sign, so their
   * interpolation is within α of the exact percentile; ranks 0 and n−1 are the exact min and max.
   */
  quantile(q: number): number {
    if (this.count === 0) throw new Error("percentile of an empty histogram");
    const h = (this.count - 1) * q;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, this.count - 1);
    const [a, b] = this.valuesAt(lo, hi);
    return a + (h - lo) * (b - a);
  }

  /** The values at ranks r1 ≤ r2 (ascending order), clamped to the exact extremes. */
  private valuesAt(r1: number, r2: number): [number, number] {
    const out: number[] = [];
    const want = [r1, r2];
    let seen = 0;
    const take = (count: number, value: number): boolean => {
      seen += count;
      while (out.length < 2 && (want[out.length] ?? Infinity) < seen) out.push(value);
      return out.length === 2;
    };
    const rep = (i: number): number => (2 * Math.exp(i * this.logGamma)) / (this.gamma + 1);
    const neg = [...this.negative.keys()].sort((x, y) => y - x);
    const pos = [...this.positive.keys()].sort((x, y) => x - y);
    let done = false;
    for (const i of neg) if (!done) done = take(this.negative.get(i) ?? 0, -rep(i));
    if (!done) done = take(this.zeros, 0);
    for (const i of pos) if (!done) done = take(this.positive.get(i) ?? 0, rep(i));
    const clamp = (v: number, rank: number): number =>
      rank === 0 ? this.lo : rank === this.count - 1 ? this.hi : Math.min(this.hi, Math.max(this.lo, v));
    return [clamp(out[0] ?? this.hi, r1), clamp(out[1] ?? this.hi, r2)];
  }
}
