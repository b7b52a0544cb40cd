import { detectLoop, repetitionWithTruncation, type FinishedResponse, type LoopOptions } from "./loop.js";
import { rateWhere, type Measure, type Rate } from "./measure.js";
import { repeatedSubstringShare } from "./repeated-substring.js";
import { seqRep } from "./seq-rep.js";
import { whitespaceTokens } from "./tokens.js";

/** Mean of a per-response measure over the responses where it applied; `leftOut` counts the rest. */
export type MeanMeasure =
  { mean: number; n: number; leftOut: number } | { mean: null; n: 0; leftOut: number; reason: string };

function meanOf(measures: readonly Measure[], what: string): MeanMeasure {
  const values = measures.flatMap((m) => (m.value === null ? [] : [m.value]));
  const leftOut = measures.length - values.length;
  if (values.length === 0)
    return {
      mean: null,
      n: 0,
      leftOut,
      reason: measures.length === 0 ? "no responses" : `no response long enough for ${what}`,
    };
  return { mean: values.reduce((a, b) => a + b, 0) / values.length, n: values.length, leftOut };
}

export interface RepetitionSummary {
  seq_rep_2: MeanMeasure;
  seq_rep_3: MeanMeasure;
  seq_rep_4: MeanMeasure;
  /** Mean longest-repeated-substring share. */
  repeated_substring_share: MeanMeasure;
  /** Responses ending in a loop / all responses. */
  loop: Rate;
  /** Responses cut at the length limit that end in a loop / all responses. */
  repetition_with_truncation: Rate & { truncated: number };
}

/** Within-response repetition over a run: each per-response metric averaged over the responses it applies to. */
export function repetitionSummary(responses: readonly FinishedResponse[], opts: LoopOptions = {}): RepetitionSummary {
  const tokens = responses.map((r) => whitespaceTokens(r.text));
  return {
    seq_rep_2: meanOf(
      tokens.map((t) => seqRep(t, 2)),
      "2-grams",
    ),
    seq_rep_3: meanOf(
      tokens.map((t) => seqRep(t, 3)),
      "3-grams",
    ),
    seq_rep_4: meanOf(
      tokens.map((t) => seqRep(t, 4)),
      "4-grams",
    ),
    repeated_substring_share: meanOf(
      responses.map((r) => repeatedSubstringShare(r.text)),
      "a repeated substring",
    ),
    loop: rateWhere(responses, (r) => detectLoop(r.text, opts).loop),
    repetition_with_truncation: repetitionWithTruncation(responses, opts),
  };
}
