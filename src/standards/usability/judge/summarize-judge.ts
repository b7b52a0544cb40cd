import { bootstrap, meanStderr, wilson } from "../../../stats/intervals.js";
import { lengthControlledWinRate, type LengthControlled } from "./length-controlled.js";
import { outcomeScore, pairOutcome, type PairedJudgement, type PairOutcome } from "./pairwise.js";

/** An estimate with its 95 % interval and n; `value` null (with a reason) where nothing could be graded. */
export type JudgeMetric = { value: number; ci95: [number, number]; n: number } | { value: null; reason: string; n: 0 };

/** Single-answer grades of one rubric: a grade, or why there is none (unreachable judge, reply unparseable after the retry). */
export type GradeOutcome = { grade: number; retried: boolean } | { grade: null; reason: string; retried: boolean };

export interface SingleSummary {
  mode: "single";
  score: JudgeMetric;
  /** Share of replies that did not parse on the first try, and share still ungraded after the retry. */
  parse_failure_rate: number;
  ungraded: number;
  n: number;
}

export interface PairwiseSummary {
  mode: "pairwise";
  win_rate: JudgeMetric;
  tie_rate: number;
  lc_win_rate: LengthControlled | { value: null; reason: string; n: number };
  /** Share of graded items whose two orders contradicted each other (counted as ties in the win rate). */
  inconsistency_rate: number;
  outcomes: Record<PairOutcome, number>;
  n: number;
}

/** Mean grade with a bootstrap interval over items; ungraded items are counted apart, never scored. */
export function summarizeSingle(outcomes: readonly GradeOutcome[], seed = 0): SingleSummary {
  const grades = outcomes.flatMap((o) => (o.grade === null ? [] : [o.grade]));
  const ungraded = outcomes.length - grades.length;
  const firstTryFailures = outcomes.filter((o) => o.retried).length;
  const score: JudgeMetric =
    grades.length === 0
      ? { value: null, reason: "no answer could be graded", n: 0 }
      : {
          value: meanStderr(grades).mean,
          ci95: bootstrap(grades.length, (idx) => idx.reduce((s, i) => s + (grades[i] ?? 0), 0) / idx.length, { seed })
            .ci95,
          n: grades.length,
        };
  return {
    mode: "single",
    score,
    parse_failure_rate: outcomes.length ? firstTryFailures / outcomes.length : 0,
    ungraded,
    n: outcomes.length,
  };
}

/**
 * Win rate = (wins + ½·ties) / graded items, where ties include inconsistent pairs; its interval
 * is a bootstrap over items (ties make it no longer a binomial proportion). `lengthDiff[i]` is the
 * model's answer length minus the baseline's, for the length-controlled win rate.
 */
export function summarizePairwise(
  judgements: readonly PairedJudgement[],
  lengthDiff: readonly number[],
  seed = 0,
): PairwiseSummary {
  const outcomes = judgements.map(pairOutcome);
  const counts: Record<PairOutcome, number> = { win: 0, loss: 0, tie: 0, inconsistent: 0, ungraded: 0 };
  for (const o of outcomes) counts[o]++;
  const graded = outcomes.flatMap((o, i) => {
    const s = outcomeScore(o);
    return s === null ? [] : [{ s, d: lengthDiff[i] ?? 0 }];
  });
  const n = graded.length;
  const scores = graded.map((g) => g.s);
  const win_rate: JudgeMetric =
    n === 0
      ? { value: null, reason: "no pair could be graded in both orders", n: 0 }
      : {
          value: scores.reduce((a, b) => a + b, 0) / n,
          ci95: bootstrap(n, (idx) => idx.reduce((s, i) => s + (scores[i] ?? 0), 0) / idx.length, { seed }).ci95,
          n,
        };
  return {
    mode: "pairwise",
    win_rate,
    tie_rate: n ? (counts.tie + counts.inconsistent) / n : 0,
    lc_win_rate: lengthControlledWinRate(
      scores,
      graded.map((g) => g.d),
    ),
    inconsistency_rate: n ? counts.inconsistent / n : 0,
    outcomes: counts,
    n,
  };
}

/** A proportion's Wilson interval, for rates the judge summary reports beside its estimates. */
export function rateWithCi(k: number, n: number): JudgeMetric {
  return n === 0 ? { value: null, reason: "n = 0", n: 0 } : { value: k / n, ci95: wilson(k, n), n };
}
