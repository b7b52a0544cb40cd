import { sameVariant, sampleKey, variantOf } from "../../records/eval-key.js";
import { isCompleted, isEvalRecord, type RequestRecord, type VariantTag } from "../../records/record.js";
import { isUngraded, type Verdict } from "../../records/verdict.js";
import { aggregateMetric, type MetricValue, type ScoredSample } from "./aggregate.js";
import { extractAnswer, splitReasoning, type AnswerKind, type ExtractionStage } from "./extract.js";
import { normalizeText } from "./normalize.js";
import { passAtK } from "./pass-at-k.js";
import { bootstrap } from "../../stats/intervals.js";
import { notScoredWarning, sampleScorer, type ScoreInput } from "./scorers.js";
import { bySubject, type SubjectAverage, type SubjectScore } from "./by-subject.js";
import type { DecodingSweep } from "../robustness/decoding-grid.js";
import type { RobustnessSummary } from "../robustness/summarize.js";
import type { UsabilityChecks } from "../usability/usability-summary.js";
import type { IfevalSummary } from "../usability/ifeval/score.js";
import type { ToolCallValidity } from "../usability/tool-calls.js";
import type { JudgeSummary } from "../usability/judge/judge-summary.js";

/** What scoring needs of a task: the workloads' Task satisfies it, so standards never import the plan. */
export interface ScoringTask {
  name: string;
  items: ReadonlyArray<{
    id: string;
    targets: Array<string | number>;
    choices: string[];
    metadata?: Record<string, unknown>;
  }>;
  answer: AnswerKind;
  metrics: string[];
}

/** How running a code answer against its tests ended. */
export type ExecutionStatus = "passed" | "failed" | "timeout";

/** The verdict pass that runs code answers; its verdicts are what the `pass` metric reads. */
export const CODE_EXECUTION = "code_execution";

/** Every verdict of a run's passes: pass name → record id → verdict. */
export type PassVerdicts = ReadonlyMap<string, ReadonlyMap<number, Verdict>>;

/** One variant of a task, as scored: its tag and its items (a variant's targets may differ from the original's). */
export interface ScoringVariant {
  tag: VariantTag;
  task: ScoringTask;
}

/** Schema id of an eval summary. */
export const EVAL_SUMMARY_SCHEMA = "infermark.eval/1";

/** One sample's verdict: what was extracted, how, and what each metric made of it (samples.jsonl). */
export interface SampleVerdict {
  item_id: string;
  sample: number;
  /** Only on a variant's sample: samples of runs without variants keep their earlier shape. */
  variant?: VariantTag;
  record_id: number | null;
  answer: string | null;
  stage: ExtractionStage;
  strict_answer: string | null;
  truncated: boolean;
  /** No answer: nothing extracted, an unclosed reasoning trace, or a failed request. */
  no_answer: boolean;
  /** Error kind when the request failed (counted as no answer). */
  failed: string | null;
  targets: Array<string | number>;
  scores: Record<string, number | null>;
}

/** pass@k, pass^k and maj@k from one pool of K samples per item, with the tokens each k costs. */
export interface SamplePool {
  metric: string;
  curve: Array<{
    k: number;
    pass_at_k: number;
    /** Percentile bootstrap over items of the per-item pass@k estimates (seeded). */
    pass_at_k_ci95: [number, number];
    /** Items with all K samples, the ones every figure of the curve rests on. */
    n: number;
    pass_all_k: number;
    maj_at_k: number;
    output_tokens_per_item: number;
  }>;
}

/** One task's accuracy summary (infermark.eval/1). */
export interface TaskSummary {
  task: string;
  /** Items answered (at least one sample). */
  n: number;
  samples: number;
  metrics: Record<string, MetricValue>;
  /** Metrics the run asked for that no record defines, each with the reason (absent when there are none). */
  not_applicable?: Record<string, string>;
  no_answer_rate: number;
  truncation_rate: number;
  failed: number;
  /** Answers served from the response cache (real answers, no timing). */
  cached: number;
  extraction: { strict: number; flexible: number; none: number };
  /** The first metric computed with strict-pattern answers only, and the gap to the full extraction. */
  strict_flexible_gap: { metric: string; strict: number; flexible: number; gap: number } | null;
  tokens: { input: number; output: number };
  pool: SamplePool | null;
  warnings: string[];
  /** The first metric per subject (MMLU) or category (TruthfulQA), items as written only; absent when items have neither. */
  by_subject?: Record<string, SubjectScore>;
  /** Mean of the by_subject values (macro); the headline metric is the micro average over items (docs/accuracy.md). */
  subject_average?: SubjectAverage;
  /** Samples a verdict pass could not grade, by pass (absent when it graded them all); they are left out of the metrics the pass feeds. */
  ungraded?: Record<string, number>;
  /** The same metrics for each variant of the items, by variant name (absent for a run without variants). */
  variants?: Record<string, VariantSummary>;
  /** Accuracy over a grid of sampling settings (eval --sweep-decoding; docs/robustness.md); this summary is the default point's. */
  decoding_sweep?: DecodingSweep;
  /** Robustness over the variants, on the task's first metric (absent for a run without variants; docs/robustness.md). */
  robustness?: RobustnessSummary;
  /** The first items whose verdict a variant changed, with both prompts and answers (runs with variants only). */
  flips?: Array<{
    item_id: string;
    variant: string;
    direction: "to_wrong" | "to_right";
    original: FlipSide;
    perturbed: FlipSide;
  }>;
  /** Usability over the answers as written: IFEval for the ifeval task, and each check --usability named (absent when neither applies). */
  usability?: UsabilityChecks & { ifeval?: IfevalSummary; tool_calls?: ToolCallValidity; judge?: JudgeSummary };
}

/** One side of a flipped item: the record, the user text it asked, the answer read from it. */
export interface FlipSide {
  record_id: number | null;
  prompt: string;
  answer: string | null;
}

/** One variant's accuracy: the metric shape of the original's. */
export interface VariantSummary {
  seed: number;
  n: number;
  metrics: Record<string, MetricValue>;
  no_answer_rate: number;
  failed: number;
  ungraded?: Record<string, number>;
}

/** The full eval summary. */
export interface EvalSummary {
  schema: typeof EVAL_SUMMARY_SCHEMA;
  target: Record<string, unknown>;
  tasks: TaskSummary[];
}

/** The latest record of each (item, variant, sample) of a task, keyed by sampleKey, preferring a completed one (a resumed run may hold a failed try and its retry). */
export function latestByKey(records: readonly RequestRecord[], task: string): Map<string, RequestRecord> {
  const out = new Map<string, RequestRecord>();
  for (const r of records) {
    if (!r.eval || r.eval.task !== task || r.phase !== "measure" || r.error?.kind === "dropped") continue;
    const key = sampleKey(r.eval);
    const prev = out.get(key);
    if (!prev || isCompleted(r) || !isCompleted(prev)) out.set(key, r);
  }
  return out;
}

/** A multiple-choice task whose records carry log-probabilities is also scored by option probability, beside the extracted letter. */
export function withLogprobMetric<T extends ScoringTask>(task: T, records: readonly RequestRecord[]): T {
  if (
    task.answer !== "choice" ||
    task.metrics.includes("choice_logprob") ||
    !records.some((r) => r.eval?.task === task.name && r.logprobs?.length)
  )
    return task;
  return { ...task, metrics: [...task.metrics, "choice_logprob"] };
}

/**
 * Metrics the run asked for that its records cannot define, each with the reason: `--logprobs` on
 * a multiple-choice task whose target returned none would otherwise just lose its choice_logprob row.
 */
export function unavailableMetrics(task: ScoringTask, records: readonly RequestRecord[]): Record<string, string> {
  if (task.answer !== "choice") return {};
  const mine = records.filter((r) => r.eval?.task === task.name);
  const asked = mine.some((r) => {
    const l = r.request.body.logprobs;
    return l !== undefined && l !== null && l !== false;
  });
  if (!asked || mine.some((r) => r.logprobs?.length)) return {};
  const answered = mine.filter(isCompleted).length;
  return {
    choice_logprob:
      answered > 0
        ? `--logprobs was asked for, but the target returned no logprobs in any of ${answered} answers`
        : "--logprobs was asked for, but no request was answered",
  };
}

const EXECUTION_STATUSES: readonly string[] = ["passed", "failed", "timeout"] satisfies ExecutionStatus[];
const isExecutionStatus = (s: string): s is ExecutionStatus => EXECUTION_STATUSES.includes(s);

/** The `execution` a code sample is scored by: no answer fails; otherwise the code pass's grade, or null when there is none (not run, or ungraded). */
function executionOf(answered: boolean, verdict: Verdict | undefined): ExecutionStatus | null {
  if (!answered) return "failed";
  return verdict && isExecutionStatus(verdict.status) ? verdict.status : null;
}

/**
 * Scores every answered sample of one variant of a task (null: the items as written). Pure: the
 * same records, verdicts and task give the same verdicts.
 */
export function scoreTask(
  task: ScoringTask,
  records: readonly RequestRecord[],
  passVerdicts: PassVerdicts = new Map(),
  variant: VariantTag | null = null,
): { verdicts: SampleVerdict[]; samples: ScoredSample[] } {
  task = withLogprobMetric(task, records);
  const items = new Map(task.items.map((it) => [it.id, it]));
  const verdicts: SampleVerdict[] = [];
  const samples: ScoredSample[] = [];
  const scorers = task.metrics.map((m) => [m, sampleScorer(m)] as const);
  const order = new Map(task.items.map((it, i) => [it.id, i]));
  const mine = [...latestByKey(records, task.name).values()]
    .filter(isEvalRecord)
    .filter((r) => sameVariant(variantOf(r.eval), variant));
  mine.sort(
    (a, b) => (order.get(a.eval.item_id) ?? 0) - (order.get(b.eval.item_id) ?? 0) || a.eval.sample - b.eval.sample,
  );
  const tag = variant ? { variant } : {};
  for (const r of mine) {
    const item = items.get(r.eval.item_id);
    if (!item) continue;
    const split = splitReasoning(r.text, r.reasoning);
    const failed = r.error === null ? null : r.error.kind;
    const extraction =
      failed || split.unclosed
        ? { answer: null, stage: "none" as const, raw: null, strictAnswer: null }
        : extractAnswer(split.answer, task.answer, item.choices);
    const output = failed || split.unclosed ? "" : split.answer;
    const byPass =
      passVerdicts.size > 0
        ? Object.fromEntries([...passVerdicts].map(([name, m]) => [name, m.get(r.id) ?? null]))
        : null;
    // Code: no output is a failure; an output not yet run (or that the pass could not grade) has no verdict.
    const execution =
      task.answer !== "code"
        ? undefined
        : executionOf(extraction.answer !== null, passVerdicts.get(CODE_EXECUTION)?.get(r.id));
    const input: ScoreInput = {
      output,
      extraction,
      targets: item.targets,
      choices: item.choices,
      ...(item.metadata ? { metadata: item.metadata } : {}),
      ...(execution !== undefined ? { execution } : {}),
      ...(byPass ? { verdicts: byPass } : {}),
      ...(r.logprobs ? { logprobs: r.logprobs } : {}),
    };
    samples.push({ item: item.id, sample: r.eval.sample, ...tag, input });
    verdicts.push({
      item_id: item.id,
      sample: r.eval.sample,
      ...tag,
      record_id: r.id,
      answer: extraction.answer,
      stage: extraction.stage,
      strict_answer: extraction.strictAnswer,
      truncated: r.finish_reason === "length",
      no_answer: extraction.answer === null,
      failed,
      targets: item.targets,
      scores: Object.fromEntries(scorers.map(([m, f]) => [m, f ? f(input) : null])),
    });
  }
  return { verdicts, samples };
}

/** Samples each pass could not grade, by pass, with their reasons; empty when every pass graded every sample. */
function ungradedOf(samples: readonly ScoredSample[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const s of samples) {
    for (const [pass, v] of Object.entries(s.input.verdicts ?? {})) {
      if (!v || !isUngraded(v)) continue;
      const reasons = out.get(pass) ?? new Map<string, number>();
      reasons.set(v.reason, (reasons.get(v.reason) ?? 0) + 1);
      out.set(pass, reasons);
    }
  }
  return out;
}

const sum = (m: ReadonlyMap<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** pass@k (Chen et al.), pass^k (all k correct) and maj@k (vote over the first k extracted answers) for k = 1, 2, 4, … and K. */
function samplePool(
  task: ScoringTask,
  samples: readonly ScoredSample[],
  verdicts: readonly SampleVerdict[],
  records: Map<string, RequestRecord>,
  K: number,
  seed: number,
): SamplePool | null {
  const metric = task.metrics[0];
  const scorer = metric ? sampleScorer(metric) : null;
  if (K < 2 || !metric || !scorer) return null;
  const byItem = new Map<string, number[]>();
  samples.forEach((s, i) => {
    const list = byItem.get(s.item);
    if (list) list.push(i);
    else byItem.set(s.item, [i]);
  });
  const full = [...byItem.entries()].filter(([, idx]) => idx.length === K);
  if (full.length === 0) return null;
  const ks = [...new Set([...Array.from({ length: Math.floor(Math.log2(K)) + 1 }, (_, i) => 2 ** i), K])].filter(
    (k) => k <= K,
  );
  // Text answers are kept as written; "Paris" and "paris." are one vote.
  const voteKey = (a: string): string => (task.answer === "text" ? normalizeText(a) : a);
  const tokens = (i: number): number => {
    const s = samples[i];
    return s
      ? (records.get(sampleKey({ item_id: s.item, sample: s.sample, variant: s.variant ?? null }))?.tokens.output ?? 0)
      : 0;
  };
  const curve = ks.map((k) => {
    const perItem: number[] = [];
    let pass = 0;
    let passAll = 0;
    let maj = 0;
    let tok = 0;
    for (const [, idx] of full) {
      const c = idx.filter((i) => verdicts[i]!.scores[metric] === 1).length;
      const p = passAtK(K, c, k);
      perItem.push(p);
      pass += p;
      passAll += choose(c, k) / choose(K, k);
      const firstK = idx.filter((i) => samples[i]!.sample < k);
      const votes = new Map<string, number>();
      for (const i of firstK) {
        const a = samples[i]!.input.extraction.answer;
        if (a !== null) votes.set(voteKey(a), (votes.get(voteKey(a)) ?? 0) + 1);
      }
      let winner: string | null = null;
      for (const [a, v] of votes) if (winner === null || v > votes.get(winner)!) winner = a;
      if (winner !== null) {
        // The earliest sample voting for the winner is scored as it was written.
        const s =
          samples[
            firstK.find((i) => {
              const a = samples[i]!.input.extraction.answer;
              return a !== null && voteKey(a) === winner;
            })!
          ]!;
        maj += scorer(s.input) === 1 ? 1 : 0;
      }
      tok += firstK.reduce((a, i) => a + tokens(i), 0);
    }
    const { ci95 } = bootstrap(perItem.length, (idx) => idx.reduce((a, i) => a + (perItem[i] ?? 0), 0) / idx.length, {
      seed: seed + k,
    });
    return {
      k,
      pass_at_k: pass / full.length,
      pass_at_k_ci95: ci95,
      n: full.length,
      pass_all_k: passAll / full.length,
      maj_at_k: maj / full.length,
      output_tokens_per_item: tok / full.length,
    };
  });
  return { metric, curve };
}

/** One variant's summary (null: the items as written), in the original's shape. */
function summarizeOne(
  task: ScoringTask,
  records: readonly RequestRecord[],
  K: number,
  expectedItems: number,
  seed: number,
  passVerdicts: PassVerdicts,
  variant: VariantTag | null,
): { summary: TaskSummary; verdicts: SampleVerdict[] } {
  const { verdicts, samples } = scoreTask(task, records, passVerdicts, variant);
  const latest = new Map(
    [...latestByKey(records, task.name)].filter(([, r]) => sameVariant(r.eval ? variantOf(r.eval) : null, variant)),
  );
  const metrics: Record<string, MetricValue> = {};
  for (const m of task.metrics) metrics[m] = aggregateMetric(m, samples, seed);
  const unavailable = variant === null ? unavailableMetrics(task, records) : {};
  const n = new Set(verdicts.map((v) => v.item_id)).size;
  const count = (f: (v: SampleVerdict) => boolean): number => verdicts.filter(f).length;
  const total = verdicts.length;
  const rate = (x: number): number => (total ? x / total : 0);
  let gap: TaskSummary["strict_flexible_gap"] = null;
  const first = task.metrics[0];
  const flexible = first ? metrics[first] : undefined;
  if (first && flexible && sampleScorer(first) && total > 0) {
    const strictSamples = samples.map((s) =>
      s.input.extraction.stage === "strict"
        ? s
        : {
            ...s,
            input: { ...s.input, extraction: { answer: null, stage: "none" as const, raw: null, strictAnswer: null } },
          },
    );
    const strict = aggregateMetric(first, strictSamples, seed).value;
    gap = { metric: first, strict, flexible: flexible.value, gap: flexible.value - strict };
  }
  let input = 0;
  let output = 0;
  for (const r of latest.values()) {
    input += r.tokens.input ?? 0;
    output += r.tokens.output;
  }
  const failed = count((v) => v.failed !== null);
  const truncated = count((v) => v.truncated);
  const ungraded = ungradedOf(samples);
  const warnings: string[] = [];
  if (rate(truncated) > 0.05)
    warnings.push(
      `${truncated} of ${total} answers were cut at max_tokens (finish_reason length): raise max_tokens, or the accuracy is understated`,
    );
  if (failed > 0)
    warnings.push(`${failed} of ${total} requests failed and count as no answer; --resume the run to retry them`);
  const unrun = samples.filter((s) => s.input.execution === null && !ungradedBy(s, CODE_EXECUTION)).length;
  if (unrun > 0)
    warnings.push(
      `${unrun} code answers were never run against their tests (run interrupted?); --resume the run to run them`,
    );
  for (const [pass, reasons] of ungraded) {
    const listed = [...reasons.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([r, k]) => `${k}× ${r}`);
    warnings.push(
      `${pass}: ${sum(reasons)} of ${total} samples could not be graded and are left out of its metrics (${listed.join("; ")}${reasons.size > 3 ? "; …" : ""}); --resume the run to retry them`,
    );
  }
  for (const m of task.metrics) {
    const w = notScoredWarning(
      m,
      samples.map((s) => s.input),
    );
    if (w) warnings.push(w);
  }
  if (n < expectedItems)
    warnings.push(
      `${expectedItems - n} of ${expectedItems} items have no answer yet (interrupted?); --resume the run to finish`,
    );
  return {
    summary: {
      task: task.name,
      n,
      samples: K,
      metrics,
      no_answer_rate: rate(count((v) => v.no_answer)),
      truncation_rate: rate(truncated),
      failed,
      cached: [...latest.values()].filter((r) => r.cached).length,
      extraction: {
        strict: count((v) => v.stage === "strict"),
        flexible: count((v) => v.stage === "flexible"),
        none: count((v) => v.stage === "none"),
      },
      strict_flexible_gap: gap,
      tokens: { input, output },
      pool: samplePool(task, samples, verdicts, latest, K, seed),
      warnings,
      ...(Object.keys(unavailable).length > 0 ? { not_applicable: unavailable } : {}),
      ...(ungraded.size > 0
        ? { ungraded: Object.fromEntries([...ungraded].map(([pass, reasons]) => [pass, sum(reasons)])) }
        : {}),
      ...(variant === null && first ? (bySubject(task.items, samples, first, seed) ?? {}) : {}),
    },
    verdicts,
  };
}

function ungradedBy(s: ScoredSample, pass: string): boolean {
  const v = s.input.verdicts?.[pass];
  return v !== undefined && v !== null && isUngraded(v);
}

/**
 * Summarises one task from its records: the items as written exactly as a run without variants
 * reports them, and each variant's metrics under `variants`. Verdicts (samples.jsonl) of every
 * variant, the original's first.
 */
export function summarizeTask(
  task: ScoringTask,
  records: readonly RequestRecord[],
  K: number,
  expectedItems: number,
  seed = 0,
  passVerdicts: PassVerdicts = new Map(),
  variants: readonly ScoringVariant[] = [],
): { summary: TaskSummary; verdicts: SampleVerdict[] } {
  task = withLogprobMetric(task, records);
  const original = summarizeOne(task, records, K, expectedItems, seed, passVerdicts, null);
  if (variants.length === 0) return original;
  const verdicts = [...original.verdicts];
  const byName: Record<string, VariantSummary> = {};
  for (const v of variants) {
    const one = summarizeOne(withLogprobMetric(v.task, records), records, K, expectedItems, seed, passVerdicts, v.tag);
    verdicts.push(...one.verdicts);
    const s = one.summary;
    byName[v.tag.name] = {
      seed: v.tag.seed,
      n: s.n,
      metrics: s.metrics,
      no_answer_rate: s.no_answer_rate,
      failed: s.failed,
      ...(s.ungraded ? { ungraded: s.ungraded } : {}),
    };
  }
  return { summary: { ...original.summary, variants: byName }, verdicts };
}
