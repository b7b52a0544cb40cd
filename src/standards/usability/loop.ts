import { codePoints, fromCodePoints } from "./tokens.js";
import { rateOf, type Rate } from "./measure.js";

export interface LoopOptions {
  /** Shortest unit that counts as a loop, in code points of the whitespace-collapsed text (default 4). */
  minUnit?: number;
  /** How many full copies of the unit the tail must hold (default 3). */
  minRepeats?: number;
}

export type Loop =
  | { loop: false }
  | {
      loop: true;
      /** The repeating unit as it first appears in the looping tail (any rotation of it is the same loop). */
      unit: string;
      /** Unit length in code points. */
      period: number;
      /** Full copies of the unit in the tail: ⌊tail / period⌋ (≥ minRepeats). */
      repeats: number;
      /** Length of the periodic tail in code points, a trailing partial copy included. */
      tail: number;
    };

/**
 * Z-function: z[i] is the length of the longest common prefix of s and s[i..]; O(n).
 */
function zFunction(s: readonly number[]): number[] {
  const n = s.length;
  const z = new Array<number>(n).fill(0);
  let l = 0;
  let r = 0;
  for (let i = 1; i < n; i++) {
    let k = i < r ? Math.min(r - i, z[i - l] ?? 0) : 0;
    while (i + k < n && s[k] === s[i + k]) k++;
    z[i] = k;
    if (i + k > r) {
      l = i;
      r = i + k;
    }
  }
  return z;
}

/**
 * Does the response end in a loop? After collapsing every whitespace run to one space and dropping
 * trailing whitespace (so "a\nb" and "a b" repeat alike), the text loops when, for some period
 * p ≥ minUnit, its last L ≥ minRepeats·p code points satisfy x[i] = x[i − p] wherever both lie in
 * that tail — i.e. it ends in u^k·u′ with |u| = p, k ≥ minRepeats and u′ a proper prefix of u. The
 * trailing partial copy is allowed on purpose: a generation cut at the length limit stops mid-unit.
 * The smallest such period is reported. Reversing the text turns "tail periodic with period p" into
 * "z[p] ≥ (minRepeats − 1)·p", so the whole test is one O(n) Z-function.
 */
export function detectLoop(text: string, opts: LoopOptions = {}): Loop {
  const minUnit = opts.minUnit ?? 4;
  const minRepeats = opts.minRepeats ?? 3;
  if (!Number.isInteger(minUnit) || minUnit < 1) throw new RangeError(`minUnit must be a positive integer, got ${minUnit}`);
  if (!Number.isInteger(minRepeats) || minRepeats < 2) throw new RangeError(`minRepeats must be an integer ≥ 2, got ${minRepeats}`);
  const s = codePoints(text.replace(/\s+/gu, " ").trimEnd());
  const reversed = s.slice().reverse();
  const z = zFunction(reversed);
  for (let p = minUnit; p * minRepeats <= s.length; p++) {
    const run = z[p] ?? 0;
    if (run >= (minRepeats - 1) * p) {
      const tail = run + p;
      const start = s.length - tail;
      return { loop: true, unit: fromCodePoints(s.slice(start, start + p)), period: p, repeats: Math.floor(tail / p), tail };
    }
  }
  return { loop: false };
}

export interface FinishedResponse {
  text: string;
  /** As the server reported it; "length" means the generation hit its token limit. */
  finishReason: string | null | undefined;
}

/**
 * Repetition-with-truncation rate: share of responses that stopped at the length limit
 * (finish reason "length") AND end in a loop (`detectLoop`). The denominator is every response;
 * `truncated` says how many hit the limit at all, so a reader can see the conditional share too.
 */
export function repetitionWithTruncation(responses: readonly FinishedResponse[], opts: LoopOptions = {}): Rate & { truncated: number } {
  let hits = 0;
  let truncated = 0;
  for (const r of responses) {
    if (r.finishReason !== "length") continue;
    truncated++;
    if (detectLoop(r.text, opts).loop) hits++;
  }
  return { ...rateOf(hits, responses.length), truncated };
}
