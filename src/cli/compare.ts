import { Command } from "commander";
import Table from "cli-table3";
import { UserError } from "../errors.js";
import { loadEvalRun } from "../runner/eval-session.js";
import type { ScoredSample } from "../standards/accuracy/aggregate.js";
import { corpusScorer, sampleScorer } from "../standards/accuracy/scorers.js";
import { pairedDifference, type PairedDifference } from "../stats/paired.js";

/** Per-item means of a per-sample metric (null where no sample of the item applies). */
function itemMeans(metric: string, samples: readonly ScoredSample[], ids: readonly string[]): Array<number | null> {
  const f = sampleScorer(metric)!;
  const by = new Map<string, number[]>();
  for (const s of samples) {
    const v = f(s.input);
    if (v === null) continue;
    const list = by.get(s.item);
    if (list) list.push(v);
    else by.set(s.item, [v]);
  }
  return ids.map((id) => {
    const xs = by.get(id);
    return xs && xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
  });
}

/** `infermark compare RUN_A RUN_B`: paired differences per metric over the items both runs answered. */
export function compareCommand(): Command {
  return new Command("compare")
    .description("compare two eval runs item by item: difference B − A, paired 95% CI, McNemar or paired bootstrap, minimum detectable effect")
    .argument("<run-a>", "eval run directory (baseline)")
    .argument("<run-b>", "eval run directory (candidate)")
    .option("--seed <n>", "bootstrap seed", "0")
    .option("--json", "print JSON", false)
    .action((dirA: string, dirB: string, opts: { seed: string; json: boolean }) => {
      const A = loadEvalRun(dirA);
      const B = loadEvalRun(dirB);
      if (A.task.name !== B.task.name) throw new UserError(`compare: the runs are of different tasks (${A.task.name}, ${B.task.name})`);
      const idsA = new Set(A.samples.map((s) => s.item));
      const idsB = new Set(B.samples.map((s) => s.item));
      const ids = [...idsA].filter((id) => idsB.has(id));
      if (ids.length === 0) throw new UserError("compare: the runs share no answered item");
      const metrics = A.task.metrics.filter((m) => B.task.metrics.includes(m));
      const seed = Number(opts.seed);
      const results: Record<string, PairedDifference & { a: number; b: number; n: number }> = {};
      for (const m of metrics) {
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
          const [sa, sb] = [statsOf(A.samples), statsOf(B.samples)];
          const score = (by: Map<string, number[][]>, idx: number[]): number => {
            const sum: number[] = [];
            for (const i of idx) for (const st of by.get(ids[i]!)!) st.forEach((v, j) => (sum[j] = (sum[j] ?? 0) + v));
            return corpus.score(sum);
          };
          const all = ids.map((_, i) => i);
          const d = pairedDifference(ids.length, (idx) => score(sb, idx) - score(sa, idx), null, seed);
          results[m] = { ...d, a: score(sa, all), b: score(sb, all), n: ids.length };
          continue;
        }
        const a = itemMeans(m, A.samples, ids);
        const b = itemMeans(m, B.samples, ids);
        const keep = ids.map((_, i) => i).filter((i) => a[i] !== null && b[i] !== null);
        const av = keep.map((i) => a[i]!);
        const bv = keep.map((i) => b[i]!);
        const mean = (xs: number[], idx: number[]): number => idx.reduce((s, i) => s + xs[i]!, 0) / idx.length;
        const d = pairedDifference(keep.length, (idx) => mean(bv, idx) - mean(av, idx), { a: av, b: bv }, seed);
        results[m] = { ...d, a: mean(av, av.map((_, i) => i)), b: mean(bv, bv.map((_, i) => i)), n: keep.length };
      }
      const out = { schema: "infermark.compare/1", task: A.task.name, a: dirA, b: dirB, paired_items: ids.length, unpaired: { a_only: idsA.size - ids.length, b_only: idsB.size - ids.length }, metrics: results };
      if (opts.json) return void process.stdout.write(JSON.stringify(out, null, 2) + "\n");
      const t = new Table({ head: ["metric", "n", "A", "B", "B − A", "95% CI", "p", "test", "MDE (80%)"], style: { head: [], border: [] } });
      const f = (x: number): string => x.toFixed(4);
      for (const [m, r] of Object.entries(results)) t.push([m, r.n, f(r.a), f(r.b), f(r.difference), `[${f(r.ci95[0])}, ${f(r.ci95[1])}]`, r.p_value.toPrecision(3), r.test, f(r.mde_80)]);
      process.stdout.write(`task ${A.task.name}: ${ids.length} paired items (A only ${out.unpaired.a_only}, B only ${out.unpaired.b_only})\n${t.toString()}\n`);
    });
}
