import type { Candidate } from "./estimate.js";
import type { GateVerdict } from "./gate.js";
import type { Scorecard } from "./scorecard.js";

const LATENCY = /^(ttft|tpot|itl|icl|e2e|response|schedule_lag)\./;

/** An amount of `metric` in the words a reader expects: ms for latencies, $ for costs, points for shares. */
export function formatAmount(metric: string, x: number): string {
  const a = Math.abs(x);
  if (LATENCY.test(metric)) return `${a >= 100 ? Math.round(a) : Number(a.toPrecision(2))} ms`;
  if (metric.startsWith("cost")) return `$${Number(a.toPrecision(3))}`;
  if (a <= 1) return `${Number((100 * a).toPrecision(2))} points`;
  return `${Number(a.toPrecision(3))}`;
}

function describeMiss(g: Extract<GateVerdict, { verdict: "fail" }>): string {
  return `misses ${g.gate.metric} by ${formatAmount(g.gate.metric, g.margin)}`;
}

function describeMissing(g: GateVerdict): string | null {
  return g.verdict === "not_measured" ? `has no measurement of ${g.gate.metric}` : null;
}

/** True for an inconclusive gate whose deciding bound does not exist yet: too few samples for an interval on that side, however far the value is from the threshold. */
function unbounded(g: GateVerdict): boolean {
  if (g.verdict !== "inconclusive" || g.ci95 === null) return false;
  return (g.gate.op === "<=" ? g.ci95[1] : g.ci95[0]) === null;
}

function describeOpen(g: GateVerdict): string | null {
  if (g.verdict !== "inconclusive") return null;
  const more = g.n_needed === null ? "" : ` (about ${g.n_needed} samples would settle it; now ${g.n})`;
  return `${g.gate.text}${more}`;
}

/**
 * The scorecard in plain words: who meets every gate, and for each other candidate what it gives
 * up or lacks — e.g. "B meets every gate of realtime-translation; A is 4 points more accurate but
 * misses ttft.p95 by 120 ms."
 */
export function recommendation(card: Scorecard, candidates: readonly Candidate[]): string {
  const acc = (name: string): number | undefined => candidates.find((c) => c.name === name)?.metrics.accuracy?.value;
  const ranked = card.rows.filter((r) => r.rank !== null).sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
  const best = ranked[0];
  const parts: string[] = [];
  if (best) {
    const others = ranked.length - 1;
    parts.push(
      `${best.name} meets every gate of ${card.profile}${others > 0 ? ` and ranks first of the ${ranked.length} that do` : ""}`,
    );
  } else {
    parts.push(`No candidate meets every gate of ${card.profile}`);
  }
  for (const r of card.rows) {
    if (r === best || r.status === "pass") continue;
    const misses = r.gates
      .filter((g): g is Extract<GateVerdict, { verdict: "fail" }> => g.verdict === "fail")
      .map(describeMiss);
    const open = r.gates
      .filter((g) => !unbounded(g))
      .map(describeOpen)
      .filter((s): s is string => s !== null);
    const thin = r.gates
      .filter(unbounded)
      .map(describeOpen)
      .filter((s): s is string => s !== null);
    const missing = r.gates.map(describeMissing).filter((s): s is string => s !== null);
    const a = acc(r.name);
    const b = best ? acc(best.name) : undefined;
    const edge =
      a !== undefined && b !== undefined && a > b ? `is ${formatAmount("accuracy", a - b)} more accurate but ` : "";
    // After "is 10 points more accurate but", "too close to call" needs no second "is".
    const close = open.length ? `${edge ? "" : "is "}too close to call on ${open.join(" and on ")}` : "";
    const few = thin.length ? `${edge || close ? "" : "has "}too few samples to judge ${thin.join(" and ")}` : "";
    const what = [...misses, ...(close ? [close] : []), ...(few ? [few] : []), ...missing].join(" and ");
    parts.push(`${r.name} ${edge}${what}`);
  }
  return `${parts.join("; ")}.`;
}
