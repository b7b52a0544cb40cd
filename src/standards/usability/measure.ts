import { wilson } from "../../stats/intervals.js";

/** A value that may not apply: when it cannot be computed, `value` is null and `reason` says why (never a made-up 0). */
export type Measure = { value: number; n: number } | { value: null; n: number; reason: string };

/** A proportion over `n` units with its 95 % Wilson interval; null with a reason when `n` is 0. */
export type Rate =
  | { count: number; n: number; rate: number; ci95: [number, number] }
  | { count: 0; n: 0; rate: null; ci95: null; reason: string };

export function measured(value: number, n: number): Measure {
  return { value, n };
}

export function notApplicable(n: number, reason: string): Measure {
  return { value: null, n, reason };
}

export function rateOf(count: number, n: number, emptyReason = "no responses"): Rate {
  if (n === 0) return { count: 0, n: 0, rate: null, ci95: null, reason: emptyReason };
  return { count, n, rate: count / n, ci95: wilson(count, n) };
}

/** Counts the units for which `hit` holds and returns the rate. */
export function rateWhere<T>(units: readonly T[], hit: (u: T) => boolean, emptyReason?: string): Rate {
  let count = 0;
  for (const u of units) if (hit(u)) count++;
  return rateOf(count, units.length, emptyReason);
}
