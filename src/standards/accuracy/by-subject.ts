import { bootstrap, wilson } from "../../stats/intervals.js";
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
  /** Wilson at the effective sample size for 0/1 values, else a bootstrap over items (by-subject.ts). */
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
  // The macro average is a weighted mean of items, each weighing 1 / (subjects × its subject's size).
  const weighted: Array<{ x: number; w: number }> = strata.flatMap((s) =>
    s.map((x) => ({ x, w: 1 / (strata.length * s.length) })),
  );
  const value = weighted.reduce((a, it) => a + it.w * it.x, 0);
  return {
    by_subject: out,
    subject_average: {
      metric,
      value,
      ci95: macroInterval(weighted, value, seed),
      n: weighted.length,
      subjects: strata.length,
    },
  };
}

/**
 * 0/1 values: a Wilson interval at Kish's effective sample size (Σw)² / Σw², so that a stratified
 * --limit of one item per subject still gets an interval that reflects its few items (a bootstrap
 * within subjects would see no variation at all). Other values: a bootstrap over items of the
 * weighted mean.
 */
function macroInterval(items: ReadonlyArray<{ x: number; w: number }>, value: number, seed: number): [number, number] {
  if (items.every((it) => it.x === 0 || it.x === 1)) {
    const nEff = 1 / items.reduce((a, it) => a + it.w * it.w, 0);
    return wilson(value * nEff, nEff);
  }
  return bootstrap(
    items.length,
    (pick) => {
      let sw = 0;
      let swx = 0;
      for (const i of pick) {
        const it = items[i];
        if (it === undefined) continue;
        sw += it.w;
        swx += it.w * it.x;
      }
      return sw > 0 ? swx / sw : 0;
    },
    { seed },
  ).ci95;
}
