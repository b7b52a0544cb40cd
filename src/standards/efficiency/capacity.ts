import { meetsWithMargin, type SloTerm } from "./slo.js";
import type { LevelSummary } from "./summarize.js";

/** One point of a capacity search: a load value and whether every run of it met the SLO. */
export interface CapacityProbe {
  value: number;
  met: boolean;
  /** Level indices of the runs at this value (one per repeat). */
  levels: number[];
  /** The lowest completed-request rate among its runs (req/s). */
  achieved: number;
  /** Why it did not pass (empty when it did). */
  why: string[];
}

/** The result of --find-max: the highest load shown to meet the SLO, and the bracket it was found in. */
export interface Capacity {
  metric: "rate" | "concurrency";
  /**
   * Highest passing value (0 when even the lowest probe failed). For a rate search, never above
   * the rate that probe achieved: a server cannot be credited with traffic it did not serve.
   */
  value: number;
  /** [highest passing probe, lowest failing probe]; the upper end is null when no probe failed. */
  bracket: [number, number | null];
  /** False when every probe passed: `value` is then only a lower bound on the capacity. */
  upper_bound_found: boolean;
  slo: Record<string, number>;
  probes: CapacityProbe[];
}

/** Standard errors of Poisson noise allowed on a level's arrival span before its achieved rate counts as short. */
const SHORTFALL_Z = 2;

/**
 * The lowest completed-request rate a server that keeps up would show for this level: its n
 * arrivals take n/offered seconds, give or take Poisson noise (up to z/√n of it), and the level's
 * window runs one request's latency past the last arrival.
 */
export function sustainedFloor(l: LevelSummary): number | null {
  if (l.offered_rate === null || l.offered_rate <= 0) return null;
  const n = l.requests.sent + l.requests.dropped;
  if (n === 0) return null;
  const window = (n / l.offered_rate) * (1 + SHORTFALL_Z / Math.sqrt(n)) + (l.latency_ms.e2e.p50 ?? 0) / 1000;
  return n / window;
}

/**
 * Whether one level shows the SLO holding at its load, and if not why. Besides every SLO term
 * (judged with the search's margin), a rate level must show the server taking the offered load:
 * not saturated (its queue grew, or its stream ends spread past the arrivals'), not cap-limited
 * (arrivals waited for a --max-concurrency slot or were dropped, so the server never saw the rate),
 * and completing requests at no less than `sustainedFloor`. A level short of its rate that meets
 * its latency SLO has measured a lighter load than it names, so it shows nothing about that rate.
 */
export function probeOutcome(
  l: LevelSummary,
  slo: readonly SloTerm[],
  margin: number,
): { met: boolean; why: string[] } {
  const why: string[] = [];
  if (!l.goodput || !meetsWithMargin(l.goodput, slo, margin)) why.push("SLO missed");
  if (l.offered_rate !== null) {
    if (l.validity.saturated) why.push("saturated");
    if (l.validity.cap_limited) why.push("cap-limited");
    const floor = sustainedFloor(l);
    if (floor !== null && l.achieved_rate < floor)
      why.push(
        `achieved ${l.achieved_rate.toFixed(2)} req/s, below the ${floor.toFixed(2)} a server keeping up with ${l.offered_rate.toFixed(2)} req/s would show`,
      );
  }
  return { met: why.length === 0, why };
}

/**
 * The capacity the probes support: the highest passing value below the lowest failing one, capped
 * at the rate that probe achieved. The same rule serves the search while it runs and `report`
 * afterwards, so both give one answer.
 */
export function capacityFromProbes(
  metric: Capacity["metric"],
  slo: Record<string, number>,
  probes: CapacityProbe[],
): Capacity {
  const failing = probes.filter((p) => !p.met).map((p) => p.value);
  const hi = failing.length ? Math.min(...failing) : null;
  const passing = probes.filter((p) => p.met && (hi === null || p.value < hi));
  const best = passing.reduce<CapacityProbe | null>((a, p) => (a === null || p.value > a.value ? p : a), null);
  const lo = best?.value ?? 0;
  const value = best === null ? 0 : metric === "rate" ? Math.min(best.value, best.achieved) : best.value;
  return { metric, value, bracket: [lo, hi], upper_bound_found: hi !== null, slo, probes };
}
