import { createRng, mixSeed } from "../../stats/rng.js";
import { aggregateMetric, sampleValues, type ScoredSample } from "./aggregate.js";

/** What the breakdown reads of an item: its id and metadata, where a subject (MMLU) or category (TruthfulQA) may be. */
interface Groupable {
  id: string;
  metadata?: Record<string, unknown>;
}

/** The subject of an item: MMLU's subject, else TruthfulQA's category; null when it has neither. */
export function subjectOf(item: { metadata?: Record<string, unknown> }): string | null {
  const s = item.metadata?.subject ?? item.metadata?.category;
  return typeof s === "string" && s !== "" ? s : null;
}

/** One subject's score on the task's first metric. */
export interface SubjectScore {
  value: number;
  ci95: [number, number];
  n: number;
}

/**
 * The macro average: the mean of the subject scores, each subject weighing the same whatever its
 * size. The task's headline metric is the micro average (every item weighing the same), which is
 * what lm-evaluation-harness reports for its mmlu group (aggregated with weight_by_size).
 */
export interface SubjectAverage {
  metric: string;
  value: number;
  /** Stratified bootstrap: items are resampled within each subject. */
  ci95: [number, number];
  /** Items the average rests on. */
  n: number;
  subjects: number;
}

/** Per-subject scores and their macro average; null when no item has a subject or the metric is not per sample. */
export function bySubject(
  items: readonly Groupable[],
  samples: readonly ScoredSample[],
  metric: string,
  seed: number,
): { by_subject: Record<string, SubjectScore>; subject_average: SubjectAverage } | null {
  const subjectOfItem = new Map(items.map((it) => [it.id, subjectOf(it)]));
  if (![...subjectOfItem.values()].some((s) => s !== null)) return null;
  const values = sampleValues(metric, samples);
  if (!values) return null;
  const groups = new Map<string, ScoredSample[]>();
  // Per subject, each item's mean over its samples: items (not samples) are what the bootstrap resamples.
  const itemMeans = new Map<string, Map<string, { sum: number; k: number }>>();
  samples.forEach((s, i) => {
    const subject = subjectOfItem.get(s.item) ?? "(no subject)";
    groups.set(subject, [...(groups.get(subject) ?? []), s]);
    const v = values[i];
    if (v === null || v === undefined) return;
    const perItem = itemMeans.get(subject) ?? new Map<string, { sum: number; k: number }>();
    const m = perItem.get(s.item) ?? { sum: 0, k: 0 };
    perItem.set(s.item, { sum: m.sum + v, k: m.k + 1 });
    itemMeans.set(subject, perItem);
  });
  const out: Record<string, SubjectScore> = {};
  for (const name of [...groups.keys()].sort()) {
    const agg = aggregateMetric(metric, groups.get(name) ?? [], seed);
    if (agg.n > 0) out[name] = { value: agg.value, ci95: agg.ci95, n: agg.n };
  }
  const strata = [...itemMeans.values()].map((m) => [...m.values()].map((x) => x.sum / x.k)).filter((s) => s.length);
  if (strata.length === 0) return null;
  const macro = (means: readonly number[][]): number =>
    means.reduce((a, s) => a + s.reduce((b, x) => b + x, 0) / s.length, 0) / means.length;
  const rng = createRng(mixSeed(seed, 0x5ab1));
  const reps: number[] = [];
  for (let r = 0; r < 1000; r++) reps.push(macro(strata.map((s) => s.map(() => s[Math.floor(rng() * s.length)]!))));
  reps.sort((a, b) => a - b);
  return {
    by_subject: out,
    subject_average: {
      metric,
      value: macro(strata),
      ci95: [reps[25]!, reps[974]!],
      n: strata.reduce((a, s) => a + s.length, 0),
      subjects: strata.length,
    },
  };
}
