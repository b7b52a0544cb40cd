/** One point of a capacity search: a load value and whether every run of it met the SLO. */
export interface CapacityProbe {
  value: number;
  met: boolean;
  /** Level indices of the runs at this value (one per repeat). */
  levels: number[];
}

/** The result of --find-max: the highest load that met the SLO, and the bracket it was found in. */
export interface Capacity {
  metric: "rate" | "concurrency";
  /** Highest passing value (0 when even the lowest probe failed). */
  value: number;
  /** [highest passing, lowest failing]; the upper end is null when no probe failed. */
  bracket: [number, number | null];
  slo: Record<string, number>;
  probes: CapacityProbe[];
}

/**
 * The capacity the probes support: the highest passing value below the lowest failing one. The
 * same rule serves the search while it runs and `report` afterwards, so both give one answer.
 */
export function capacityFromProbes(metric: Capacity["metric"], slo: Record<string, number>, probes: CapacityProbe[]): Capacity {
  const failing = probes.filter((p) => !p.met).map((p) => p.value);
  const hi = failing.length ? Math.min(...failing) : null;
  const passing = probes.filter((p) => p.met && (hi === null || p.value < hi)).map((p) => p.value);
  const value = passing.length ? Math.max(...passing) : 0;
  return { metric, value, bracket: [value, hi], slo, probes };
}
