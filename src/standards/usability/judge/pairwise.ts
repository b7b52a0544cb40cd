/** A judge's pick between two answers shown as A and B. */
export type Pick = "A" | "B" | "tie";

/** One item judged in both orders: first with the model's answer as A, then with it as B. */
export interface PairedJudgement {
  modelFirst: Pick | null;
  modelSecond: Pick | null;
}

/** What one item's two judgements say about the model against the baseline. */
export type PairOutcome = "win" | "loss" | "tie" | "inconsistent" | "ungraded";

/**
 * Both orders must agree for a win or a loss: a judge that prefers whatever it reads first picks
 * A both times, which is the model once and the baseline once, so the verdicts contradict and the
 * item counts as a tie (MT-Bench's rule), and as inconsistent in the inconsistency rate. A missing
 * judgement (judge unreachable, reply unparseable after the retry) leaves the item ungraded.
 */
export function pairOutcome(j: PairedJudgement): PairOutcome {
  if (j.modelFirst === null || j.modelSecond === null) return "ungraded";
  const first = j.modelFirst === "A" ? "win" : j.modelFirst === "B" ? "loss" : "tie";
  const second = j.modelSecond === "B" ? "win" : j.modelSecond === "A" ? "loss" : "tie";
  if (first === second) return first;
  if (first === "tie" || second === "tie") return "tie";
  return "inconsistent";
}

/** The preference an outcome counts as in a win rate: a win 1, a loss 0, a tie or inconsistent pair 0.5; ungraded pairs count in n_ungraded only. */
export function outcomeScore(o: PairOutcome): number | null {
  return o === "win" ? 1 : o === "loss" ? 0 : o === "ungraded" ? null : 0.5;
}
