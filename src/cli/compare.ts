import { Command } from "commander";
import Table from "cli-table3";
import { UserError } from "../errors.js";
import { loadEvalRun } from "../runner/eval-session.js";
import { compareRuns, type LeftOut, type MetricComparison } from "../standards/accuracy/compare-runs.js";

const f = (x: number | null): string => (x === null ? "—" : x.toFixed(4));

function pText(r: MetricComparison): string {
  if (r.p_value === null) return "—";
  return r.p_upper_bound ? `< ${r.p_value.toPrecision(3)}` : r.p_value.toPrecision(3);
}

function leftOutText(l: LeftOut): string {
  const parts = (Object.entries(l) as Array<[keyof LeftOut, number]>).filter(([, n]) => n > 0).map(([k, n]) => `${k.replace(/_/g, " ")} ${n}`);
  return parts.length ? `left out: ${parts.join(", ")}` : "none left out";
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
      const metrics = A.task.metrics.filter((m) => B.task.metrics.includes(m));
      const c = compareRuns(A, B, metrics, Number(opts.seed));
      const out = { schema: "infermark.compare/1", task: A.task.name, a: dirA, b: dirB, ...c };
      if (opts.json) return void process.stdout.write(JSON.stringify(out, null, 2) + "\n");
      const t = new Table({ head: ["metric", "n", "A", "B", "B − A", "95% CI", "p", "test", "MDE (80%)"], style: { head: [], border: [] } });
      for (const [m, r] of Object.entries(c.metrics)) {
        const ci = r.ci95 ? `[${f(r.ci95[0])}, ${f(r.ci95[1])}]` : "—";
        const mde = r.n > 0 && r.mde_80 === null ? "undefined (no variation)" : f(r.mde_80);
        t.push([m, r.n, f(r.a), f(r.b), f(r.difference), ci, pText(r), r.test ?? "—", mde]);
      }
      process.stdout.write(`task ${A.task.name}: ${c.paired_items} paired items (both runs answered them; ${leftOutText(c.left_out)})\n${t.toString()}\n`);
      if (c.paired_items === 0) process.stderr.write("compare: no item was answered by both runs, so nothing is compared\n");
    });
}
