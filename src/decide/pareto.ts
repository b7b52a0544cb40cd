/** One axis of a trade-off: a metric and which way is better. */
export interface Axis {
  metric: string;
  better: "higher" | "lower";
}

export interface ParetoPoint {
  name: string;
  values: Readonly<Record<string, number | undefined>>;
}

export interface ParetoResult {
  axes: Axis[];
  /** Points no other point dominates, in input order. */
  front: string[];
  /** Each dominated point with every point that dominates it. */
  dominated: Array<{ name: string; by: string[] }>;
  /** Points left out because an axis was not measured for them. */
  unmeasured: Array<{ name: string; missing: string[] }>;
}

/** a dominates b: at least as good on every axis and strictly better on one. */
function dominates(a: ParetoPoint, b: ParetoPoint, axes: readonly Axis[]): boolean {
  let strictly = false;
  for (const ax of axes) {
    const x = a.values[ax.metric] ?? NaN;
    const y = b.values[ax.metric] ?? NaN;
    const gain = ax.better === "higher" ? x - y : y - x;
    if (gain < 0) return false;
    if (gain > 0) strictly = true;
  }
  return strictly;
}

/** The Pareto front of `points` on two or three (or more) axes; points missing an axis are named, not guessed. */
export function paretoFront(points: readonly ParetoPoint[], axes: readonly Axis[]): ParetoResult {
  const unmeasured: ParetoResult["unmeasured"] = [];
  const measured: ParetoPoint[] = [];
  for (const p of points) {
    const missing = axes.filter((ax) => !Number.isFinite(p.values[ax.metric])).map((ax) => ax.metric);
    if (missing.length > 0) unmeasured.push({ name: p.name, missing });
    else measured.push(p);
  }
  const front: string[] = [];
  const dominated: ParetoResult["dominated"] = [];
  for (const p of measured) {
    const by = measured.filter((q) => q !== p && dominates(q, p, axes)).map((q) => q.name);
    if (by.length === 0) front.push(p.name);
    else dominated.push({ name: p.name, by });
  }
  return { axes: [...axes], front, dominated, unmeasured };
}
