import { pairedDifference, type PairedDifference } from "../../stats/paired.js";
import { sampleKey } from "../../records/eval-key.js";
import type { ScoredSample } from "./aggregate.js";
import { corpusScorer, sampleScorer } from "./scorers.js";

/** One run's scored samples, and which of them are failed requests (keys of sampleKey). */
export interface RunSamples {
  samples: readonly ScoredSample[];
  failed: ReadonlySet<string>;
}

/** Items of either run that were not paired, by why. An item counts once, under the first reason that fits. */
export interface LeftOut {
  /** In run A only (B never asked it). */
  only_in_a: number;
  only_in_b: number;
  /** Asked in both, but every request for it failed in B (A answered it). */
  failed_in_b: number;
  failed_in_a: number;
  failed_in_both: number;
}

/** The comparison's fields when nothing was paired: all null, so no number stands for "no data". */
type NoPairs = { [K in keyof PairedDifference]: null };

/** One metric compared over the paired items; every number is null when nothing was paired. */
export type MetricComparison = { n: number; a: number | null; b: number | null } & (PairedDifference | NoPairs);

/** What `infermark compare` reports. */
export interface RunComparison {
  paired_items: number;
  left_out: LeftOut;
  metrics: Record<string, MetricComparison>;
}

type Status = "answered" | "failed" | "absent";

const keyOf = (s: ScoredSample): string => sampleKey({ item_id: s.item, sample: s.sample, variant: s.variant ?? null });

/** An item is answered by a run when at least one of its requests completed; failed when it was asked and every request failed. */
function statuses(run: RunSamples): Map<string, Status> {
  const out = new Map<string, Status>();
  for (const s of run.samples) {
    const st: Status = run.failed.has(keyOf(s)) ? "failed" : "answered";
    if (out.get(s.item) !== "answered") out.set(s.item, st);
  }
  return out;
}

function leftOutReason(a: Status, b: Status): keyof LeftOut | null {
  if (a === "absent") return b === "absent" ? null : "only_in_b";
  if (b === "absent") return "only_in_a";
  if (a === "failed" && b === "failed") return "failed_in_both";
  if (b === "failed") return "failed_in_b";
  if (a === "failed") return "failed_in_a";
  return null;
}

const NO_PAIRS: NoPairs = {
  difference: null,
  ci95: null,
  stderr: null,
  p_value: null,
  p_upper_bound: null,
  test: null,
  mde_80: null,
  discordant: null,
};

/**
 * Pairs the items both runs answered — a failed request is no evidence about the model, so an item
 * whose requests all failed in either run is left out and counted — and compares each metric over
 * them, from each run's completed samples only.
 */
export function compareRuns(A: RunSamples, B: RunSamples, metrics: readonly string[], seed = 0): RunComparison {
  const sa = statuses(A);
  const sb = statuses(B);
  const leftOut: LeftOut = { only_in_a: 0, only_in_b: 0, failed_in_b: 0, failed_in_a: 0, failed_in_both: 0 };
  const ids: string[] = [];
  for (const id of new Set([...sa.keys(), ...sb.keys()])) {
    const reason = leftOutReason(sa.get(id) ?? "absent", sb.get(id) ?? "absent");
    if (reason) leftOut[reason]++;
    else ids.push(id);
  }
  const completed = (run: RunSamples): ScoredSample[] => run.samples.filter((s) => !run.failed.has(keyOf(s)));
  const [ca, cb] = [completed(A), completed(B)];
  const results: Record<string, MetricComparison> = {};
  for (const m of metrics) {
    results[m] = ids.length === 0 ? { n: 0, a: null, b: null, ...NO_PAIRS } : compareMetric(m, ca, cb, ids, seed);
  }
  return { paired_items: ids.length, left_out: leftOut, metrics: results };
}

function compareMetric(
  m: string,
  A: readonly ScoredSample[],
  B: readonly ScoredSample[],
  ids: readonly string[],
  seed: number,
): MetricComparison {
  const corpus = corpusScorer(m);
  if (corpus) {
    const statsOf = (samples: readonly ScoredSample[]): Map<string, number[][]> => {
      const by = new Map<string, number[][]>();
      for (const s of samples) {
        const list = by.get(s.item);
        if (list) list.push(corpus.stats(s.input));
        else by.set(s.item, [corpus.stats(s.input)]);
      }
      return by;
    };
    const [sa, sb] = [statsOf(A), statsOf(B)];
    const score = (by: Map<string, number[][]>, idx: number[]): number => {
      const sum: number[] = [];
      for (const i of idx)
        for (const st of by.get(ids[i] ?? "") ?? []) st.forEach((v, j) => (sum[j] = (sum[j] ?? 0) + v));
      return corpus.score(sum);
    };
    const all = ids.map((_, i) => i);
    const d = pairedDifference(ids.length, (idx) => score(sb, idx) - score(sa, idx), null, seed);
    return { ...d, a: score(sa, all), b: score(sb, all), n: ids.length };
  }
  const a = itemMeans(m, A, ids);
  const b = itemMeans(m, B, ids);
  const av: number[] = [];
  const bv: number[] = [];
  a.forEach((x, i) => {
    const y = b[i];
    if (x === null || y === null || y === undefined) return;
    av.push(x);
    bv.push(y);
  });
  if (av.length === 0) return { n: 0, a: null, b: null, ...NO_PAIRS };
  const mean = (xs: number[], idx: number[]): number => idx.reduce((s, i) => s + (xs[i] ?? 0), 0) / idx.length;
  const all = av.map((_, i) => i);
  const d = pairedDifference(av.length, (idx) => mean(bv, idx) - mean(av, idx), { a: av, b: bv }, seed);
  return { ...d, a: mean(av, all), b: mean(bv, all), n: av.length };
}

/** Per-item means of a per-sample metric (null where no sample of the item applies). */
function itemMeans(metric: string, samples: readonly ScoredSample[], ids: readonly string[]): Array<number | null> {
  const f = sampleScorer(metric);
  const by = new Map<string, number[]>();
  for (const s of samples) {
    const v = f ? f(s.input) : null;
    if (v === null) continue;
    const list = by.get(s.item);
    if (list) list.push(v);
    else by.set(s.item, [v]);
  }
  return ids.map((id) => {
    const xs = by.get(id);
    return xs && xs.length ? xs.reduce((x, y) => x + y, 0) / xs.length : null;
  });
}
