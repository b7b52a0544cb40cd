import type { Candidate } from "./estimate.js";
import { judgeGate, type GateVerdict } from "./gate.js";
import { STANDARDS, type Objective, type Profile, type Standard } from "./profiles.js";

export type CandidateStatus = "pass" | "fail" | "inconclusive";

export interface ScorecardRow {
  name: string;
  status: CandidateStatus;
  gates: GateVerdict[];
  /** Per standard, the mean of its objectives' scores (1 = best of the passing candidates); null when not ranked. */
  standards: Record<Standard, number | null>;
  /** The profile's weighted score over the standards used for ranking; null for candidates that did not pass. */
  score: number | null;
  rank: number | null;
}

export interface Scorecard {
  profile: string;
  rows: ScorecardRow[];
  /** Standards the ranking used, and those it left out with the reason. */
  standards_used: Standard[];
  standards_left_out: Array<{ standard: Standard; reason: string }>;
  /** Objectives of used standards that were left out because some passing candidate lacks them. */
  objectives_left_out: Array<{ metric: string; reason: string }>;
}

/** Any failed gate fails; otherwise an unsettled or unmeasured gate leaves the candidate inconclusive. */
function statusOf(gates: readonly GateVerdict[]): CandidateStatus {
  if (gates.some((g) => g.verdict === "fail")) return "fail";
  if (gates.some((g) => g.verdict === "inconclusive" || g.verdict === "not_measured")) return "inconclusive";
  return "pass";
}

/**
 * One objective's score for each candidate, relative to the best of them, so objectives in ms, $
 * and shares can be averaged: higher-better v/max; lower-better min/v; a lower-better share
 * (1 − v)/(1 − min). Candidates that all measure the same score 1 (a tie at 0 is still a tie).
 * Null where a candidate lacks the metric or the ratio is undefined (a zero latency beside others).
 */
function objectiveScores(o: Objective, values: ReadonlyArray<number | undefined>): Array<number | null> {
  const known = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (known.length < values.length) return values.map(() => null);
  if (known.every((v) => v === known[0])) return known.map(() => 1);
  if (o.better === "higher") {
    const max = Math.max(...known);
    return known.map((v) => (max > 0 ? v / max : null));
  }
  if (o.rate) {
    const min = Math.min(...known);
    return known.map((v) => (min < 1 ? (1 - v) / (1 - min) : null));
  }
  const min = Math.min(...known);
  return known.map((v) => (min > 0 && v > 0 ? min / v : null));
}

/** Judges every candidate against the profile's gates, then ranks those that pass by the profile's weights. */
export function scorecard(candidates: readonly Candidate[], profile: Profile): Scorecard {
  const rows: ScorecardRow[] = candidates.map((c) => {
    const gates = profile.gates.map((g) => judgeGate(g, c.metrics));
    return {
      name: c.name,
      status: statusOf(gates),
      gates,
      standards: { accuracy: null, robustness: null, usability: null, efficiency: null },
      score: null,
      rank: null,
    };
  });
  const passing = rows.filter((r) => r.status === "pass");
  const byName = new Map(candidates.map((c) => [c.name, c]));
  const used: Standard[] = [];
  const leftOut: Scorecard["standards_left_out"] = [];
  const objectivesLeftOut: Scorecard["objectives_left_out"] = [];
  const perStandard = new Map<Standard, number[]>();
  for (const s of passing.length > 0 ? STANDARDS : []) {
    const objectives = profile.objectives.filter((o) => o.standard === s);
    if (profile.weights[s] <= 0) continue;
    if (objectives.length === 0) {
      leftOut.push({ standard: s, reason: "the profile ranks by no metric of this standard" });
      continue;
    }
    // An objective counts only when it scores for every passing candidate: scoring some candidates
    // on a metric the others lack would compare them on different grounds. A standard with no
    // objective left is left out of the ranking.
    const all = objectives.map((o) => ({
      o,
      scores: objectiveScores(
        o,
        passing.map((r) => byName.get(r.name)?.metrics[o.metric]?.value),
      ),
    }));
    const columns = all.filter((col) => col.scores.every((x) => x !== null));
    for (const col of all)
      if (!columns.includes(col))
        objectivesLeftOut.push({
          metric: col.o.metric,
          reason: "not measured, or not comparable, for every passing candidate",
        });
    if (columns.length === 0) {
      leftOut.push({
        standard: s,
        reason: `none of its metrics (${objectives.map((o) => o.metric).join(", ")}) is measured for every passing candidate`,
      });
      continue;
    }
    used.push(s);
    perStandard.set(
      s,
      passing.map((_, i) => columns.reduce((a, col) => a + (col.scores[i] ?? 0), 0) / columns.length),
    );
  }
  const totalWeight = used.reduce((a, s) => a + profile.weights[s], 0);
  passing.forEach((r, i) => {
    for (const s of used) r.standards[s] = perStandard.get(s)?.[i] ?? null;
    r.score =
      totalWeight > 0 ? used.reduce((a, s) => a + profile.weights[s] * (r.standards[s] ?? 0), 0) / totalWeight : null;
  });
  [...passing].sort((a, b) => (b.score ?? -1) - (a.score ?? -1)).forEach((r, i) => (r.rank = i + 1));
  return {
    profile: profile.name,
    rows,
    standards_used: used,
    standards_left_out: leftOut,
    objectives_left_out: objectivesLeftOut,
  };
}
