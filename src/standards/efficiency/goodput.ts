import type { Distribution } from "../../stats/distribution.js";
import type { Goodput } from "./level-summary.js";
import { checkLevelSlo, sloObject, type SloTerm } from "./slo.js";

/**
 * Goodput of a level under its SLO, null without one. `met` is how many completed requests met
 * every term; `arrivals` is every measured arrival, dropped ones too: the SLO is the users'
 * experience of the offered load, so a request never sent is a miss, not left out.
 */
export function goodput(
  slo: readonly SloTerm[],
  latency: Record<SloTerm["metric"], Distribution>,
  counts: { met: number; arrivals: number; rate: (x: number) => number },
): Goodput | null {
  if (slo.length === 0) return null;
  const check = checkLevelSlo(latency, slo);
  const { met, arrivals } = counts;
  return {
    requests_per_s: counts.rate(met),
    fraction: arrivals > 0 ? met / arrivals : 0,
    slo: sloObject(slo),
    met: check.met,
    values: check.values,
    not_applicable: check.not_applicable,
  };
}
