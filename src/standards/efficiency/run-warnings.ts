import type { LevelSummary } from "./level-summary.js";
import { thinPercentile, thinPercentileWarning } from "./validity.js";

/** A run's warnings as printed: those that hold at several levels said once for the run, the rest per level. */
export interface RunWarnings {
  /** Per level (by index in the run's levels): the warnings only that level has. */
  perLevel: string[][];
  /** Each warning that several levels share, once, naming the levels. */
  once: string[];
}

const list = (xs: readonly number[]): string => xs.join(", ");

/**
 * Splits the levels' warnings into the run's and each level's. A thin percentile at several levels
 * becomes one line ("p99 rests on fewer than 1,000 requests at levels 0, 1"), and any other warning
 * that reads the same at several levels is said once with those levels. Pure.
 */
export function runWarnings(
  levels: ReadonlyArray<Pick<LevelSummary, "level" | "latency_ms" | "validity">>,
): RunWarnings {
  const perLevel = levels.map((l) => [...l.validity.warnings]);
  const once: string[] = [];
  if (levels.length < 2) return { perLevel, once };
  // Thin percentiles, grouped by the percentile they concern.
  const thin = new Map<string, { need: number; at: number[]; n: number[] }>();
  levels.forEach((l, i) => {
    const n = l.latency_ms.ttft.n;
    const t = thinPercentile(n);
    if (!t || !perLevel[i]?.includes(thinPercentileWarning(n) ?? "")) return;
    const g = thin.get(t.percentile) ?? { need: t.need, at: [], n: [] };
    g.at.push(i);
    g.n.push(n);
    thin.set(t.percentile, g);
  });
  for (const [p, g] of thin) {
    if (g.at.length < 2) continue;
    for (const i of g.at)
      perLevel[i] = (perLevel[i] ?? []).filter((w) => w !== thinPercentileWarning(levels[i]?.latency_ms.ttft.n ?? 0));
    const need = g.need.toLocaleString("en-US");
    once.push(
      `${p} rests on fewer than ${need} requests at levels ${list(g.at.map((i) => levels[i]?.level ?? i))} (n ${list(g.n)}); a stable ${p} needs ~${need}`,
    );
  }
  // Any other warning that reads the same at several levels.
  const at = new Map<string, number[]>();
  perLevel.forEach((ws, i) => ws.forEach((w) => at.set(w, [...(at.get(w) ?? []), i])));
  for (const [w, idx] of at) {
    if (idx.length < 2) continue;
    for (const i of idx) perLevel[i] = (perLevel[i] ?? []).filter((x) => x !== w);
    once.push(`${w} (levels ${list(idx.map((i) => levels[i]?.level ?? i))})`);
  }
  return { perLevel, once };
}
