import type { Rng } from "../stats/rng.js";

/** One element of a non-empty list, uniformly (one draw). */
export function pick<T>(xs: readonly T[], rng: Rng): T {
  const x = xs[Math.floor(rng() * xs.length)];
  if (x === undefined) throw new Error("pick: empty list");
  return x;
}

/** `to` written in the case of `from`: all capitals when `from` is (and has two or more letters), else a capital first letter when `from` has one. */
export function matchCase(from: string, to: string): string {
  const letters = from.replace(/[^\p{L}]/gu, "");
  if (letters.length > 1 && letters === letters.toUpperCase() && letters !== letters.toLowerCase())
    return to.toUpperCase();
  const first = from.charAt(0);
  if (first !== first.toLowerCase()) return to.charAt(0).toUpperCase() + to.slice(1);
  return to;
}
