import { createRng, type Rng } from "./rng.js";
import { ValueList } from "./value-list.js";

/**
 * Rows of `width` numbers fed one at a time: all of them up to `cap` rows, then a seeded uniform
 * reservoir of `cap` rows (Vitter's algorithm R), so memory stays bounded and the same input
 * gives the same sample. For statistics that need rows together (a value ordered by another).
 */
export class RowSample {
  private kept: ValueList[];
  private reservoir: Float64Array[] | null = null;
  private seen = 0;
  private readonly rng: Rng;

  constructor(
    private readonly width: number,
    private readonly cap: number,
    seed = 0x5a4d,
  ) {
    this.kept = Array.from({ length: width }, () => new ValueList());
    this.rng = createRng(seed);
  }

  /** Rows offered so far (kept or not). */
  get offered(): number {
    return this.seen;
  }

  /** True once rows were left out: the columns are a sample, not every row. */
  get sampled(): boolean {
    return this.seen > this.cap;
  }

  add(row: readonly number[]): void {
    const i = this.seen++;
    if (this.reservoir === null && i < this.cap) {
      for (let c = 0; c < this.width; c++) this.kept[c]?.push(row[c] ?? Number.NaN);
      return;
    }
    if (this.reservoir === null) {
      this.reservoir = this.kept.map((col) => col.toFloat64Array());
      this.kept = [];
    }
    const j = Math.floor(this.rng() * (i + 1));
    if (j >= this.cap) return;
    for (let c = 0; c < this.width; c++) {
      const col = this.reservoir[c];
      if (col) col[j] = row[c] ?? Number.NaN;
    }
  }

  /** Rows kept. */
  get length(): number {
    return this.reservoir ? (this.reservoir[0]?.length ?? 0) : (this.kept[0]?.length ?? 0);
  }

  /** Column `c` of kept row `i`, rows in the order they were kept (insertion order below the cap); read in place, no copy. */
  at(c: number, i: number): number {
    return this.reservoir ? (this.reservoir[c]?.[i] ?? Number.NaN) : (this.kept[c]?.at(i) ?? Number.NaN);
  }

  /** The kept rows as one new array per column. */
  columns(): Float64Array[] {
    return Array.from({ length: this.width }, (_, c) =>
      Float64Array.from({ length: this.length }, (_, i) => this.at(c, i)),
    );
  }
}
