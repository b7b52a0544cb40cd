import { isCompleted, type RequestRecord } from "../../records/record.js";
import { aggregateMetric, type MetricValue, type ScoredSample } from "./aggregate.js";
import { extractAnswer, splitReasoning, type AnswerKind, type ExtractionStage } from "./extract.js";
import { normalizeText } from "./normalize.js";
import { passAtK } from "./pass-at-k.js";
import { notScoredWarning, sampleScorer } from "./scorers.js";

/** What scoring needs of a task: the workloads' Task satisfies it, so standards never import the plan. */
export interface ScoringTask {
  name: string;
  items: ReadonlyArray<{ id: string; targets: Array<string | number>; choices: string[] }>;
  answer: AnswerKind;
  metrics: string[];
}

/** How running a code answer against its tests ended. */
export type ExecutionStatus = "passed" | "failed" | "timeout";

/** Schema id of an eval summary. */
export const EVAL_SUMMARY_SCHEMA = "infermark.eval/1";

/** One sample's verdict: what was extracted, how, and what each metric made of it (samples.jsonl). */
export interface SampleVerdict {
  item_id: string;
  sample: number;
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
  curve: Array<{ k: number; pass_at_k: number; pass_all_k: number; maj_at_k: number; output_tokens_per_item: number }>;
}

/** One task's accuracy summary (infermark.eval/1). */
export interface TaskSummary {
  task: string;
  /** Items answered (at least one sample). */
  n: number;
  samples: number;
  metrics: Record<string, MetricValue>;
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
}

/** The full eval summary. */
export interface EvalSummary {
  schema: typeof EVAL_SUMMARY_SCHEMA;
  target: Record<string, unknown>;
  tasks: TaskSummary[];
}

/** The latest record of each (item, sample) of a task, preferring a completed one (a resumed run may hold a failed try and its retry). */
export function latestByKey(records: readonly RequestRecord[], task: string): Map<string, RequestRecord> {
  const out = new Map<string, RequestRecord>();
  for (const r of records) {
    if (!r.eval || r.eval.task !== task || r.phase !== "measure" || r.error?.kind === "dropped") continue;
    const key = `${r.eval.item_id}\u0000${r.eval.sample}`;
    const prev = out.get(key);
    if (!prev || isCompleted(r) || !isCompleted(prev)) out.set(key, r);
  }
  return out;
}

/** A multiple-choice task whose records carry log-probabilities is also scored by option probability, beside the extracted letter. */
export function withLogprobMetric<T extends ScoringTask>(task: T, records: readonly RequestRecord[]): T {
  if (task.answer !== "choice" || task.metrics.includes("choice_logprob") || !records.some((r) => r.eval?.task === task.name && r.logprobs?.length)) return task;
  return { ...task, metrics: [...task.metrics, "choice_logprob"] };
}

/** Scores every answered sample of a task. Pure: the same records and task give the same verdicts. */
export function scoreTask(task: ScoringTask, records: readonly RequestRecord[], executions: ReadonlyMap<number, ExecutionStatus> = new Map()): { verdicts: SampleVerdict[]; samples: ScoredSample[] } {
  task = withLogprobMetric(task, records);
  const items = new Map(task.items.map((it) => [it.id, it]));
  const verdicts: SampleVerdict[] = [];
  const samples: ScoredSample[] = [];
  const scorers = task.metrics.map((m) => [m, sampleScorer(m)] as const);
  const order = new Map(task.items.map((it, i) => [it.id, i]));
  const byKey = [...latestByKey(records, task.name).values()].sort((a, b) => (order.get(a.eval!.item_id) ?? 0) - (order.get(b.eval!.item_id) ?? 0) || a.eval!.sample - b.eval!.sample);
  for (const r of byKey) {
    const item = items.get(r.eval!.item_id);
    if (!item) continue;
    const split = splitReasoning(r.text, r.reasoning);
    const failed = isCompleted(r) ? null : r.error!.kind;
    const extraction = failed || split.unclosed ? { answer: null, stage: "none" as const, raw: null, strictAnswer: null } : extractAnswer(split.answer, task.answer, item.choices);
    const output = failed || split.unclosed ? "" : split.answer;
    // Code: no output is a failure; an output not yet run has no verdict.
    const execution = task.answer !== "code" ? undefined : extraction.answer === null ? "failed" : (executions.get(r.id) ?? null);
    const input = { output, extraction, targets: item.targets, choices: item.choices, ...(execution !== undefined ? { execution } : {}), ...(r.logprobs ? { logprobs: r.logprobs } : {}) };
    samples.push({ item: item.id, sample: r.eval!.sample, input });
    verdicts.push({
      item_id: item.id,
      sample: r.eval!.sample,
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

function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** pass@k (Chen et al.), pass^k (all k correct) and maj@k (vote over the first k extracted answers) for k = 1, 2, 4, … and K. */
function samplePool(task: ScoringTask, samples: readonly ScoredSample[], verdicts: readonly SampleVerdict[], records: Map<string, RequestRecord>, K: number): SamplePool | null {
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
  const ks = [...new Set([...Array.from({ length: Math.floor(Math.log2(K)) + 1 }, (_, i) => 2 ** i), K])].filter((k) => k <= K);
  // Text answers are kept as written; "Paris" and "paris." are one vote.
  const voteKey = (a: string): string => (task.answer === "text" ? normalizeText(a) : a);
  const tokens = (i: number): number => records.get(`${samples[i]!.item}\u0000${samples[i]!.sample}`)?.tokens.output ?? 0;
  const curve = ks.map((k) => {
    let pass = 0;
    let passAll = 0;
    let maj = 0;
    let tok = 0;
    for (const [, idx] of full) {
      const c = idx.filter((i) => verdicts[i]!.scores[metric] === 1).length;
      pass += passAtK(K, c, k);
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
        const s = samples[firstK.find((i) => { const a = samples[i]!.input.extraction.answer; return a !== null && voteKey(a) === winner; })!]!;
        maj += scorer(s.input) === 1 ? 1 : 0;
      }
      tok += firstK.reduce((a, i) => a + tokens(i), 0);
    }
    return { k, pass_at_k: pass / full.length, pass_all_k: passAll / full.length, maj_at_k: maj / full.length, output_tokens_per_item: tok / full.length };
  });
  return { metric, curve };
}

/** Summarises one task from its records. */
export function summarizeTask(task: ScoringTask, records: readonly RequestRecord[], K: number, expectedItems: number, seed = 0, executions: ReadonlyMap<number, ExecutionStatus> = new Map()): { summary: TaskSummary; verdicts: SampleVerdict[] } {
  task = withLogprobMetric(task, records);
  const { verdicts, samples } = scoreTask(task, records, executions);
  const latest = latestByKey(records, task.name);
  const metrics: Record<string, MetricValue> = {};
  for (const m of task.metrics) metrics[m] = aggregateMetric(m, samples, seed);
  const n = new Set(verdicts.map((v) => v.item_id)).size;
  const count = (f: (v: SampleVerdict) => boolean): number => verdicts.filter(f).length;
  const total = verdicts.length;
  const rate = (x: number): number => (total ? x / total : 0);
  let gap: TaskSummary["strict_flexible_gap"] = null;
  const first = task.metrics[0];
  if (first && sampleScorer(first) && total > 0) {
    const strictSamples = samples.map((s) => (s.input.extraction.stage === "strict" ? s : { ...s, input: { ...s.input, extraction: { answer: null, stage: "none" as const, raw: null, strictAnswer: null } } }));
    const strict = aggregateMetric(first, strictSamples, seed).value;
    gap = { metric: first, strict, flexible: metrics[first]!.value, gap: metrics[first]!.value - strict };
  }
  let input = 0;
  let output = 0;
  for (const r of latest.values()) {
    input += r.tokens.input ?? 0;
    output += r.tokens.output;
  }
  const failed = count((v) => v.failed !== null);
  const truncated = count((v) => v.truncated);
  const warnings: string[] = [];
  if (rate(truncated) > 0.05) warnings.push(`${truncated} of ${total} answers were cut at max_tokens (finish_reason length): raise max_tokens, or the accuracy is understated`);
  if (failed > 0) warnings.push(`${failed} of ${total} requests failed and count as no answer; --resume the run to retry them`);
  const unrun = samples.filter((s) => s.input.execution === null).length;
  if (unrun > 0) warnings.push(`${unrun} code answers were never run against their tests (run interrupted?); --resume the run to run them`);
  for (const m of task.metrics) {
    const w = notScoredWarning(m, samples.map((s) => s.input));
    if (w) warnings.push(w);
  }
  if (n < expectedItems) warnings.push(`${expectedItems - n} of ${expectedItems} items have no answer yet (interrupted?); --resume the run to finish`);
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
      extraction: { strict: count((v) => v.stage === "strict"), flexible: count((v) => v.stage === "flexible"), none: count((v) => v.stage === "none") },
      strict_flexible_gap: gap,
      tokens: { input, output },
      pool: samplePool(task, samples, verdicts, latest, K),
      warnings,
    },
    verdicts,
  };
}
