/**
 * One reusable buffer for sorting copies of samples one after another. Summarising a level sorts
 * a copy of each of its distributions in turn; with a fresh array each time, the dead copies (8
 * bytes a value each) pile up as external memory until V8 next collects, which at 300,000
 * requests was tens of MB on top of the values themselves.
 */
export class Scratch {
  private buffer = new Float64Array(0);

  /** A view of n doubles, valid until the next call. */
  view(n: number): Float64Array {
    if (this.buffer.length < n) this.buffer = new Float64Array(n);
    return this.buffer.subarray(0, n);
  }
}
