import { bootstrap, meanStderr } from "../../../stats/intervals.js";
import { cohensKappa, krippendorffAlpha } from "./agreement.js";
import type { JudgeCall, JudgeSettings } from "./judge-verdict.js";
import { lengthControlledWinRate } from "./length-controlled.js";
import { outcomeScore, pairOutcome, type Pick as Choice, type PairOutcome } from "./pairwise.js";
import type { JudgeMetric } from "./summarize-judge.js";

type NA = { value: null; reason: string };

/** How much the panel agrees: Cohen's κ for two judges, Krippendorff's α for more. */
export type Agreement =
  { method: "cohen_kappa" | "krippendorff_alpha"; level: "nominal" | "interval"; value: number | null; n: number } | NA;

/** `usability.judge` of a task's summary. */
export interface JudgeSummary {
  mode: JudgeSettings["mode"];
  judges: number;
  /** Single grading: the panel's mean grade per answer, averaged over answers. */
  score: JudgeMetric | NA;
  scale?: [number, number];
  /** The rubric, or "mt-bench" when MT-Bench's templates were used. */
  rubric?: string;
  /** Pairwise: (wins + ½ ties) / graded pairs. */
  win_rate: JudgeMetric | NA;
  lc_win_rate: JudgeMetric | NA;
  tie_rate: number | null;
  /** Share of (item, judge, repeat) pairs whose two orders contradicted each other. */
  inconsistency_rate: number | null;
  outcomes?: Record<Exclude<PairOutcome, "ungraded">, number>;
  agreement: Agreement;
  /** Each judge alone: its mean grade (single) or its win rate (pairwise), so a lenient or biased judge shows. */
  per_judge: Array<{ target: string; model?: string } & (JudgeMetric | NA)>;
  /** SD of one judge's grades of one answer over --judge-repeats (pooled); n: the (answer, judge) groups. */
  repeat_sd: { value: number; n: number } | NA;
  n: number;
  n_graded: number;
  n_ungraded: number;
  /** Share of the judge's first replies that did not parse (each was asked once more). */
  parse_failure_rate: number | null;
  judge_tokens: { input: number | null; output: number; calls: number; cached_calls: number };
  /** Per call that reached the judge, in ms. */
  judge_latency: JudgeMetric | NA;
}

/** A line of judge.jsonl as the summary reads it: graded lines carry the lengths, ungraded ones may carry calls. */
export type JudgeLine = {
  status: string;
  calls?: JudgeCall[];
  model_chars?: number;
  baseline_chars?: number;
  mode?: string;
  reason?: string;
};

const na = (reason: string): NA => ({ value: null, reason });
const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Mean with a normal 95 % interval, mean ± 1.96·s/√n (s the sample SD): one answer per item, so items are the units. */
function meanMetric(xs: readonly number[]): JudgeMetric {
  const { mean: m, stderr } = meanStderr(xs);
  const half = 1.959963984540054 * stderr;
  return { value: m, ci95: [m - half, m + half], n: xs.length };
}

/** The outcome of one (judge, repeat): its two orders read together. */
function callOutcomes(calls: readonly JudgeCall[]): Map<string, PairOutcome> {
  const byKey = new Map<string, { modelFirst: Choice | null; modelSecond: Choice | null }>();
  for (const c of calls) {
    const k = `${c.judge}/${c.repeat}`;
    const e = byKey.get(k) ?? { modelFirst: null, modelSecond: null };
    const p = typeof c.parsed === "string" ? c.parsed : null;
    if (c.order === "model_first") e.modelFirst = p;
    else e.modelSecond = p;
    byKey.set(k, e);
  }
  return new Map([...byKey].map(([k, v]) => [k, pairOutcome(v)]));
}

/** The most frequent outcome; a draw between win and loss (or any draw) is a tie. */
function majority(os: readonly PairOutcome[]): PairOutcome {
  const wins = os.filter((o) => o === "win").length;
  const losses = os.filter((o) => o === "loss").length;
  if (os.length === 1) return os[0] ?? "ungraded";
  return wins > losses ? "win" : losses > wins ? "loss" : "tie";
}

const byJudge = <T>(calls: readonly JudgeCall[], judges: number, f: (c: JudgeCall[]) => T): T[] =>
  Array.from({ length: judges }, (_, j) => f(calls.filter((c) => c.judge === j)));

function perJudgeOf(
  judges: JudgeSettings["judges"],
  values: readonly number[][],
): Array<{ target: string; model?: string } & (JudgeMetric | NA)> {
  return judges.map((j, i) => {
    const xs = values[i] ?? [];
    return { ...j, ...(xs.length ? meanMetric(xs) : na("no answer graded")) };
  });
}

/** Pooled SD over groups of repeated values: √(mean of the sample variances). */
function pooledSd(groups: readonly number[][]): { value: number; n: number } | NA {
  const vars = groups
    .filter((g) => g.length >= 2)
    .map((g) => {
      const m = mean(g);
      return g.reduce((s, x) => s + (x - m) ** 2, 0) / (g.length - 1);
    });
  return vars.length === 0
    ? na("one grade per answer and judge (--judge-repeats 1)")
    : { value: Math.sqrt(mean(vars)), n: vars.length };
}

function agreement(perJudge: number[][], level: "nominal" | "interval"): Agreement {
  const judges = perJudge.length;
  const n = perJudge[0]?.length ?? 0;
  if (judges < 2) return na("one judge: agreement needs a panel of two or more");
  if (judges === 2) {
    const [a, b] = perJudge as [number[], number[]];
    return { method: "cohen_kappa", level: "nominal", value: cohensKappa(a, b), n };
  }
  return { method: "krippendorff_alpha", level, value: krippendorffAlpha(perJudge, level), n };
}

function lcMetric(scores: readonly number[], diffs: readonly number[], seed: number): JudgeMetric | NA {
  const full = lengthControlledWinRate(scores, diffs);
  if (full.value === null) return na(full.reason);
  // The interval is a bootstrap over items, refitting each resample; resamples the fit cannot separate are left out.
  const vals: number[] = [];
  bootstrap(
    scores.length,
    (idx) => {
      const v = lengthControlledWinRate(
        idx.map((i) => scores[i] ?? 0),
        idx.map((i) => diffs[i] ?? 0),
      ).value;
      if (v !== null) vals.push(v);
      return 0;
    },
    { seed },
  );
  vals.sort((a, b) => a - b);
  const at = (q: number): number => vals[Math.min(vals.length - 1, Math.floor(q * vals.length))] ?? full.value;
  return { value: full.value, ci95: [at(0.025), at(0.975)], n: scores.length };
}

/**
 * The judge's verdicts summarised: the panel's grade or preference per answer, ungraded answers
 * counted apart and never scored, with what the judging cost. Pure.
 */
export function summarizeJudge(
  lines: readonly JudgeLine[],
  settings: Pick<JudgeSettings, "mode" | "judges" | "rubric" | "scale" | "prompts">,
  seed = 0,
): JudgeSummary {
  const judges = settings.judges.length;
  const graded = lines.filter((l) => l.status === "graded" && l.calls);
  const calls = lines.flatMap((l) => l.calls ?? []);
  const answered = calls.filter((c) => c.replies.length > 0);
  const reached = calls.filter((c) => !c.cached && c.replies.length > 0);
  const base = {
    mode: settings.mode,
    judges,
    n: lines.length,
    n_graded: graded.length,
    n_ungraded: lines.length - graded.length,
    parse_failure_rate: answered.length ? answered.filter((c) => c.replies.length > 1).length / answered.length : null,
    judge_tokens: {
      input: calls.some((c) => c.tokens.input === null) ? null : calls.reduce((s, c) => s + (c.tokens.input ?? 0), 0),
      output: calls.reduce((s, c) => s + c.tokens.output, 0),
      calls: calls.length,
      cached_calls: calls.filter((c) => c.cached).length,
    },
    judge_latency: reached.length
      ? meanMetric(reached.map((c) => c.latency_ms))
      : na("every judge answer came from the cache or none arrived"),
  };
  if (settings.mode === "single") {
    const grades = (cs: readonly JudgeCall[]): number[] =>
      cs.flatMap((c) => (typeof c.parsed === "number" ? [c.parsed] : []));
    const perAnswer = graded.map((l) => mean(byJudge(l.calls ?? [], judges, (cs) => mean(grades(cs)))));
    // κ and α compare each judge's first grade: repeats are the judge's variance, measured apart.
    const first = byJudge(
      graded.flatMap((l) => l.calls ?? []),
      judges,
      (cs) => grades(cs.filter((c) => c.repeat === 0)),
    );
    return {
      ...base,
      rubric: settings.prompts ? "mt-bench" : settings.rubric,
      scale: settings.scale,
      score: perAnswer.length ? meanMetric(perAnswer) : na("no answer could be graded"),
      win_rate: na("single grading: win rates need --judge-mode pairwise"),
      lc_win_rate: na("single grading: win rates need --judge-mode pairwise"),
      tie_rate: null,
      inconsistency_rate: null,
      agreement: agreement(first, "interval"),
      repeat_sd: pooledSd(graded.flatMap((l) => byJudge(l.calls ?? [], judges, grades))),
      // One value per answer and judge: its mean over the repeats.
      per_judge: perJudgeOf(
        settings.judges,
        settings.judges.map((_, j) => graded.map((l) => mean(grades((l.calls ?? []).filter((c) => c.judge === j))))),
      ),
    };
  }
  const counts = { win: 0, loss: 0, tie: 0, inconsistent: 0 };
  let pairs = 0;
  let contradictions = 0;
  const scores: number[] = [];
  const diffs: number[] = [];
  const judgeVerdicts: number[][] = Array.from({ length: judges }, () => []);
  const repeatGroups: number[][] = [];
  for (const l of graded) {
    const outs = callOutcomes(l.calls ?? []);
    pairs += outs.size;
    contradictions += [...outs.values()].filter((o) => o === "inconsistent").length;
    const perJudge = Array.from({ length: judges }, (_, j) =>
      [...outs].filter(([k]) => k.startsWith(`${j}/`)).map(([, o]) => o),
    );
    perJudge.forEach((os, j) => {
      repeatGroups.push(os.map((o) => outcomeScore(o) ?? 0.5));
      judgeVerdicts[j]?.push(outcomeScore(majority(os)) ?? 0.5);
    });
    const verdicts = perJudge.map(majority);
    const panel =
      judges === 1 ? (verdicts[0] ?? "ungraded") : majority(verdicts.map((v) => (v === "inconsistent" ? "tie" : v)));
    if (panel === "ungraded") continue;
    counts[panel]++;
    scores.push(outcomeScore(panel) ?? 0.5);
    diffs.push((l.model_chars ?? 0) - (l.baseline_chars ?? 0));
  }
  const n = scores.length;
  return {
    ...base,
    score: na("pairwise judging: no grade, see win_rate"),
    win_rate: n ? meanMetric(scores) : na("no pair could be judged in both orders"),
    lc_win_rate: n ? lcMetric(scores, diffs, seed) : na("no pair could be judged in both orders"),
    tie_rate: n ? (counts.tie + counts.inconsistent) / n : null,
    inconsistency_rate: pairs ? contradictions / pairs : null,
    outcomes: counts,
    agreement: agreement(judgeVerdicts, "nominal"),
    repeat_sd: pooledSd(repeatGroups),
    per_judge: perJudgeOf(settings.judges, judgeVerdicts),
  };
}
