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

/** Smallest period p ≥ minUnit whose periodic tail holds ≥ minRepeats full copies, or null. */
function periodicTail(
  s: readonly number[],
  minUnit: number,
  minRepeats: number,
): { period: number; tail: number } | null {
  const z = zFunction(s.slice().reverse());
  for (let p = minUnit; p * minRepeats <= s.length; p++) {
    const run = z[p] ?? 0;
    if (run >= (minRepeats - 1) * p) return { period: p, tail: run + p };
  }
  return null;
}

/**
 * Does the response end in a loop? The text is first collapsed: every whitespace run becomes one
 * space and trailing whitespace is dropped (so "a\nb" and "a b" repeat alike). It loops when, for
 * some period p ≥ minUnit, its last L ≥ minRepeats·p code points satisfy x[i] = x[i − p] wherever
 * both lie in that tail — it ends in u^k·u′ with |u| = p, k ≥ minRepeats and u′ a proper prefix of
 * u. The partial copy is allowed on purpose: a generation cut at the length limit stops mid-unit.
 * The collapsed text is tested as it is and with one space appended, because a unit that ends in
 * whitespace ("foo bar ") loses it at the very end when trimmed. The smallest period wins (the
 * plain text on a tie). Reversing the text turns "tail periodic with period p" into
 * "z[p] ≥ (minRepeats − 1)·p", so each test is one O(n) Z-function.
 */
export function detectLoop(text: string, opts: LoopOptions = {}): Loop {
  const minUnit = opts.minUnit ?? 4;
  const minRepeats = opts.minRepeats ?? 3;
  if (!Number.isInteger(minUnit) || minUnit < 1)
    throw new RangeError(`minUnit must be a positive integer, got ${minUnit}`);
  if (!Number.isInteger(minRepeats) || minRepeats < 2)
    throw new RangeError(`minRepeats must be an integer ≥ 2, got ${minRepeats}`);
  const plain = codePoints(text.replace(/\s+/gu, " ").trimEnd());
  if (plain.length === 0) return { loop: false };
  const spaced = [...plain, 0x20];
  let best: { s: number[]; period: number; tail: number } | null = null;
  for (const s of [plain, spaced]) {
    const t = periodicTail(s, minUnit, minRepeats);
    if (t !== null && (best === null || t.period < best.period)) best = { s, ...t };
  }
  if (best === null) return { loop: false };
  const start = best.s.length - best.tail;
  return {
    loop: true,
    unit: fromCodePoints(best.s.slice(start, start + best.period)),
    period: best.period,
    repeats: Math.floor(best.tail / best.period),
    tail: best.tail,
  };
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
export function repetitionWithTruncation(
  responses: readonly FinishedResponse[],
  opts: LoopOptions = {},
): Rate & { truncated: number } {
  let hits = 0;
  let truncated = 0;
  for (const r of responses) {
    if (r.finishReason !== "length") continue;
    truncated++;
    if (detectLoop(r.text, opts).loop) hits++;
  }
  return { ...rateOf(hits, responses.length), truncated };
}
