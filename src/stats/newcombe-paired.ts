import { wilson } from "./intervals.js";

/** Counts of a paired 2×2 table of 0/1 outcomes over the same items. */
export interface PairedCounts {
  both: number;
  aOnly: number;
  bOnly: number;
  neither: number;
}

/**
 * 95 % interval for B − A, the difference of two proportions measured on the same items: Newcombe's
 * hybrid score interval for paired data (Statistics in Medicine 17:2635–2650, 1998, method 10). It
 * combines the Wilson intervals of A's and B's proportions, corrected for their correlation φ. A
 * percentile bootstrap has no spread to resample when no pair is discordant and returns [0, 0] for
 * any n; this interval narrows with n instead (53 of 54 items right in both runs: ±0.073).
 */
export function newcombePaired({ both, aOnly, bOnly, neither }: PairedCounts): [number, number] {
  const n = both + aOnly + bOnly + neither;
  if (n === 0) return [Number.NaN, Number.NaN];
  const pa = (both + aOnly) / n;
  const pb = (both + bOnly) / n;
  const [la, ua] = wilson(both + aOnly, n);
  const [lb, ub] = wilson(both + bOnly, n);
  const margins = (both + aOnly) * (bOnly + neither) * (both + bOnly) * (aOnly + neither);
  const cross = both * neither - aOnly * bOnly;
  // Newcombe's continuity correction shrinks a positive association by n/2, never past zero.
  const phi = margins === 0 ? 0 : (cross > 0 ? Math.max(cross - n / 2, 0) : cross) / Math.sqrt(margins);
  // For B − A, B's lower distance pairs with A's upper distance, and the other way round.
  const below = Math.sqrt((pb - lb) ** 2 - 2 * phi * (pb - lb) * (ua - pa) + (ua - pa) ** 2);
  const above = Math.sqrt((ub - pb) ** 2 - 2 * phi * (ub - pb) * (pa - la) + (pa - la) ** 2);
  const d = pb - pa;
  return [d - below, d + above];
}
