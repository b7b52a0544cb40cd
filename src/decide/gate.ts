import { UserError } from "../errors.js";
import type { CandidateMetrics, Estimate } from "./estimate.js";

/** A hard requirement of an application: `metric op threshold`, e.g. "ttft.p95 <= 300 ms". */
export interface Gate {
  metric: string;
  op: "<=" | ">=";
  threshold: number;
  /** The gate as the user wrote it, for messages. */
  text: string;
}

/** What was measured against a gate: the estimate and its signed distance from the threshold (positive on the passing side). */
interface Judged {
  gate: Gate;
  value: number;
  ci95: Estimate["ci95"];
  n: number;
  margin: number;
}

export type GateVerdict =
  | (Judged & { verdict: "pass" })
  | (Judged & { verdict: "fail" })
  /** The interval straddles the threshold: `n_needed` is about how many samples would settle it (null when no n can: the value sits on the threshold). */
  | (Judged & { verdict: "inconclusive"; n_needed: number | null })
  | { gate: Gate; verdict: "not_measured"; reason: string };

// Units a threshold may carry, as a factor to the metric's own unit (ms for times, $ for money, a
// fraction for rates). "%" lets users write accuracy >= 70 %.
const UNITS: Record<string, number> = { ms: 1, s: 1000, "%": 0.01, "": 1 };

/** Parses "ttft.p95 <= 300 ms", "accuracy >= 0.7", "cost_per_1k_requests <= $2", "ifeval.prompt_strict >= 80%". */
export function parseGate(text: string): Gate {
  const m = /^\s*([a-z_][\w.@-]*)\s*(<=|>=)\s*(\$)?\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*(ms|s|%)?\s*$/i.exec(text);
  if (!m)
    throw new UserError(
      `gate "${text}": expected "metric <= value" or "metric >= value", e.g. "ttft.p95 <= 300 ms" or "accuracy >= 0.7"`,
    );
  const [, metric = "", op, , num = "", unit = ""] = m;
  const factor = UNITS[unit.toLowerCase()] ?? 1;
  return { metric, op: op === "<=" ? "<=" : ">=", threshold: Number(num) * factor, text: text.trim() };
}

/** Signed distance from the threshold on the passing side: positive passes, negative fails. */
function marginOf(gate: Gate, x: number): number {
  return gate.op === "<=" ? gate.threshold - x : x - gate.threshold;
}

/**
 * Judges one gate with the estimate's uncertainty. It passes only when the whole interval is on the
 * right side of the threshold, fails when the whole interval is on the wrong side, and is otherwise
 * inconclusive. An interval's half-width shrinks as 1/√n, so settling needs about
 * n·(half-width / |value − threshold|)² samples. A bound that is null (no interval can be given at
 * this n) is unbounded on that side.
 */
export function judgeGate(gate: Gate, metrics: CandidateMetrics): GateVerdict {
  const e = metrics[gate.metric];
  if (!e) return { gate, verdict: "not_measured", reason: `${gate.metric} was not measured for this candidate` };
  if (!Number.isFinite(e.value))
    return { gate, verdict: "not_measured", reason: `${gate.metric} has no value (n = ${e.n})` };
  const margin = marginOf(gate, e.value);
  const base = { gate, value: e.value, ci95: e.ci95, n: e.n, margin };
  if (e.exact || e.ci95 === null) return margin >= 0 ? { ...base, verdict: "pass" } : { ...base, verdict: "fail" };
  const [lo, hi] = e.ci95;
  // The bound nearer the failing side decides a pass; the one nearer the passing side decides a fail.
  const worst = gate.op === "<=" ? hi : lo;
  const best = gate.op === "<=" ? lo : hi;
  if (worst !== null && marginOf(gate, worst) >= 0) return { ...base, verdict: "pass" };
  if (best !== null && marginOf(gate, best) < 0) return { ...base, verdict: "fail" };
  return { ...base, verdict: "inconclusive", n_needed: samplesToSettle(e, margin) };
}

function samplesToSettle(e: Estimate, margin: number): number | null {
  if (margin === 0 || e.n === 0 || e.ci95 === null) return null;
  const [lo, hi] = e.ci95;
  // The wider known side stands in for an unbounded one, so the estimate errs towards more samples.
  const halves = [lo === null ? null : e.value - lo, hi === null ? null : hi - e.value].filter(
    (h): h is number => h !== null && h > 0,
  );
  if (halves.length === 0) return null;
  const half = Math.max(...halves);
  // An unbounded side settles only once there are enough samples to bound it at all.
  return Math.max(Math.ceil(e.n * (half / Math.abs(margin)) ** 2), lo === null || hi === null ? (e.n_bounded ?? 0) : 0);
}
