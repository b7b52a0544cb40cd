/** Values per block: 128 KiB of doubles, so a list wastes at most one block and never copies as it grows. */
const BLOCK = 16_384;

/**
 * An append-only list of doubles in fixed-size Float64Array blocks: 8 bytes a value, where a JS
 * array of numbers or of records costs several times that, and growing it never copies what is
 * already held (a doubling array briefly needs twice its size).
 */
export class ValueList {
  private readonly blocks: Float64Array[] = [];
  private last: Float64Array = new Float64Array(0);
  private used = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(x: number): void {
    if (this.used === this.last.length) {
      this.last = new Float64Array(BLOCK);
      this.blocks.push(this.last);
      this.used = 0;
    }
    this.last[this.used++] = x;
    this.count++;
  }

  /** The value at `i` (0 ≤ i < length), in insertion order. */
  at(i: number): number {
    const block = this.blocks[Math.floor(i / BLOCK)];
    return block === undefined ? Number.NaN : (block[i % BLOCK] ?? Number.NaN);
  }

  /** Every value in insertion order, in one new array. */
  toFloat64Array(): Float64Array {
    return this.copyInto(new Float64Array(this.count));
  }

  /** Copies every value in insertion order into the start of `out` (at least `length` long) and returns that part. */
  copyInto(out: Float64Array): Float64Array {
    let offset = 0;
    for (const b of this.blocks) {
      const n = Math.min(b.length, this.count - offset);
      out.set(n === b.length ? b : b.subarray(0, n), offset);
      offset += n;
    }
    return out.subarray(0, this.count);
  }

  /**
   * The values as sorted runs (one per block), sorted where they are: for lists whose order no
   * longer matters, so summarising them needs no copy of n values. It reorders the list: `at`,
   * `forEach` and the copies no longer give insertion order.
   */
  sortedRuns(): Float64Array[] {
    let left = this.count;
    return this.blocks.map((b) => {
      const run = b.subarray(0, Math.min(b.length, left));
      left -= run.length;
      return run.sort();
    });
  }

  /** Calls `fn` on every value in insertion order. */
  forEach(fn: (x: number) => void): void {
    let left = this.count;
    for (const b of this.blocks) {
      const n = Math.min(b.length, left);
      for (let i = 0; i < n; i++) fn(b[i] ?? Number.NaN);
      left -= n;
    }
  }
}
