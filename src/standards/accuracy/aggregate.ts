import { bootstrap, meanStderr, wilson } from "../../stats/intervals.js";
import { corpusScorer, sampleScorer, type ScoreInput } from "./scorers.js";
import { UserError } from "../../errors.js";
import type { VariantTag } from "../../records/record.js";

/** One metric over a task: the estimate, its standard error and 95 % interval, and how many samples it rests on. */
export interface MetricValue {
  value: number;
  stderr: number;
  ci95: [number, number];
  n: number;
  /** How the interval was computed. */
  ci_method: "wilson" | "bootstrap" | "cluster_bootstrap";
}

/** One scored sample: which item it answers, which draw it is, and what the scorer sees. */
export interface ScoredSample {
  item: string;
  sample: number;
  /** The variant it answers; absent or null for the item as written. */
  variant?: VariantTag | null;
  input: ScoreInput;
}

/** Per-sample values of a per-sample metric (null where it does not apply), or null when `name` is a corpus metric. */
export function sampleValues(name: string, samples: readonly ScoredSample[]): Array<number | null> | null {
  const f = sampleScorer(name);
  return f ? samples.map((s) => f(s.input)) : null;
}

/**
 * Aggregates one metric. Per-sample metrics: the mean; a proportion with one sample per item gets
 * a Wilson interval, anything else a percentile bootstrap over items (clustered by item when items
 * have several samples). Corpus metrics (BLEU, chrF, TER): the corpus score from summed statistics,
 * with a bootstrap over items. The bootstrap is seeded, so the same samples give the same interval.
 */
export function aggregateMetric(name: string, samples: readonly ScoredSample[], seed = 0): MetricValue {
  const order = [...new Set(samples.map((s) => s.item))];
  const byItem = new Map<string, number[]>(order.map((id) => [id, []]));
  samples.forEach((s, i) => byItem.get(s.item)!.push(i));
  const clusters = order.map((id) => byItem.get(id)!);
  const clustered = clusters.some((c) => c.length > 1);
  const corpus = corpusScorer(name);
  if (corpus) {
    const stats = samples.map((s) => corpus.stats(s.input));
    const d = stats[0]?.length ?? 0;
    // Statistics summed per item once, in one flat array: each resample then adds up rows of it.
    const perItem = new Float64Array(clusters.length * d);
    clusters.forEach((c, k) => {
      for (const i of c) for (let j = 0; j < d; j++) perItem[k * d + j]! += stats[i]![j]!;
    });
    const acc = new Float64Array(d);
    const sumItems = (pick: ArrayLike<number>): number[] => {
      acc.fill(0);
      for (let p = 0; p < pick.length; p++) {
        const base = pick[p]! * d;
        for (let j = 0; j < d; j++) acc[j]! += perItem[base + j]!;
      }
      return Array.from(acc);
    };
    const value = corpus.score(sumItems(clusters.map((_, k) => k)));
    const b = bootstrap(clusters.length, (pick) => corpus.score(sumItems(pick)), { seed });
    return {
      value,
      stderr: b.stderr,
      ci95: b.ci95,
      n: samples.length,
      ci_method: clustered ? "cluster_bootstrap" : "bootstrap",
    };
  }
  const values = sampleValues(name, samples);
  if (!values) throw new UserError(`unknown metric "${name}"`);
  const scored = values.map((v, i) => [v, i] as const).filter((x): x is readonly [number, number] => x[0] !== null);
  const n = scored.length;
  const vals = new Map(scored.map(([v, i]) => [i, v]));
  const binary = scored.every(([v]) => v === 0 || v === 1);
  if (!clustered && binary) {
    const k = scored.filter(([v]) => v === 1).length;
    const { mean, stderr } = meanStderr(scored.map(([v]) => v));
    return { value: mean, stderr, ci95: wilson(k, n), n, ci_method: "wilson" };
  }
  // Item means carry the uncertainty when items have several samples.
  const itemMean = (c: number[]): number | null => {
    const xs = c.map((i) => vals.get(i)).filter((v): v is number => v !== undefined);
    return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
  };
  const means = clusters.map(itemMean).filter((m): m is number => m !== null);
  const { mean, stderr } = meanStderr(clustered ? means : scored.map(([v]) => v));
  const flat = scored.map(([v]) => v);
  const b = bootstrap(
    clustered ? means.length : flat.length,
    (pick) => {
      const src = clustered ? means : flat;
      return pick.reduce((a, i) => a + src[i]!, 0) / pick.length;
    },
    { seed },
  );
  let ci95 = b.ci95;
  if (clustered && binary) {
    // A bootstrap collapses to a point when every item scores alike (say 0 of K everywhere); for a
    // proportion the interval is never narrower than Wilson's over the items.
    const w = wilson(mean * means.length, means.length);
    ci95 = [Math.min(ci95[0], w[0]), Math.max(ci95[1], w[1])];
  }
  return { value: mean, stderr, ci95, n, ci_method: clustered ? "cluster_bootstrap" : "bootstrap" };
}
