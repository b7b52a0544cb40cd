import { UserError } from "../errors.js";
import { normal, type Rng } from "../stats/rng.js";

/** A token length: fixed (`sd` 0) or drawn from a normal spread around `mean`. */
export interface LengthSpec {
  mean: number;
  sd: number;
}

/** Parses `N` or `N:SD` as given to --input-tokens / --output-tokens. */
export function parseLength(raw: string, flag: string): LengthSpec {
  const m = /^(\d+)(?::(\d+(?:\.\d+)?))?$/.exec(raw.trim());
  if (!m || Number(m[1]) < 1)
    throw new UserError(`${flag} "${raw}": expected a positive integer N or N:SD (e.g. 256 or 256:64)`);
  return { mean: Number(m[1]), sd: m[2] ? Number(m[2]) : 0 };
}

/** Draws one length: rounded, never below 1. */
export function drawLength(spec: LengthSpec, rng: Rng): number {
  if (spec.sd === 0) return spec.mean;
  return Math.max(1, Math.round(spec.mean + spec.sd * normal(rng)));
}
