import { Command, Option } from "commander";
import { PROFILES, profileNamed } from "../decide/profiles.js";
import { latencyRegressionChecks } from "../decide/latency-regression.js";
import { regressionChecks } from "../decide/regression.js";
import { UserError } from "../errors.js";
import type { BenchCompareResult } from "../standards/efficiency/compare-bench.js";
import { formatOf, print } from "../report/output.js";
import { compareAnyRunDirs } from "../runner/compare-session.js";

/** `infermark compare RUN_A RUN_B`: paired differences per metric over the items both runs answered. */
export function compareCommand(): Command {
  return new Command("compare")
    .description(
      "compare two eval runs item by item (difference B − A, paired 95% CI, McNemar or paired bootstrap, minimum detectable effect), or two bench runs level by level (latency percentiles B − A with a bootstrap 95% CI, throughput and goodput)",
    )
    .argument("<run-a>", "eval or bench run directory (baseline)")
    .argument("<run-b>", "run directory of the same kind (candidate)")
    .option("--seed <n>", "bootstrap seed", "0")
    .option(
      "--fail-on-regression",
      "exit 3 when B is worse than A by more than the margin on a metric (the whole 95% CI past it)",
      false,
    )
    .addOption(
      new Option("--profile <name>", "take the non-inferiority margins from this profile").choices(
        Object.keys(PROFILES),
      ),
    )
    .option(
      "--margin <x>",
      "non-inferiority margin: eval runs, for metrics the profile names none for; bench runs, a share of A's latency",
      "0.02",
    )
    .option("--json", "print JSON", false)
    .action(
      (
        a: string,
        b: string,
        opts: { seed: string; json: boolean; failOnRegression: boolean; profile?: string; margin: string },
      ) => {
        const compared = compareAnyRunDirs({ a, b, seed: Number(opts.seed) });
        if (compared.kind === "bench") {
          print({ kind: "compare-bench", result: compared.result, notes: compared.notes }, { format: formatOf(opts) });
          if (opts.failOnRegression) failOnLatencyRegression(compared.result, opts);
          return;
        }
        const { result } = compared;
        print({ kind: "compare", result }, { format: formatOf(opts) });
        if (!opts.failOnRegression) return;
        const checks = regressionChecks(
          result,
          opts.profile ? profileNamed(opts.profile).regression_margins : {},
          Number(opts.margin),
        );
        for (const c of checks) {
          const d =
            c.difference === null || c.ci95 === null
              ? "no paired items"
              : `B − A ${c.difference.toFixed(4)} [${c.ci95[0].toFixed(4)}, ${c.ci95[1].toFixed(4)}]`;
          process.stderr.write(`infermark: ${c.metric}: ${c.verdict.replace("_", "-")} at margin ${c.margin} (${d})\n`);
        }
        if (checks.some((c) => c.verdict === "regression")) process.exitCode = 3;
      },
    );
}

/** `--fail-on-regression` for bench runs: exit 3 when some latency percentile is slower by more than the relative margin. */
function failOnLatencyRegression(result: BenchCompareResult, opts: { profile?: string; margin: string }): void {
  if (opts.profile)
    throw new UserError(
      "--profile margins are for eval metrics; for bench runs give --margin (a share of A's latency)",
    );
  const margin = Number(opts.margin);
  if (!Number.isFinite(margin) || margin < 0)
    throw new UserError(`--margin: expected a share of A's latency such as 0.05, got ${opts.margin}`);
  const checks = latencyRegressionChecks(result, margin);
  for (const c of checks) {
    if (c.verdict === "non_inferior" || c.verdict === "not_compared" || c.ci95 === null || c.difference === null)
      continue;
    const where = `${c.load.mode} ${c.load.value} ${c.metric} ${c.stat}`;
    const d = `B − A ${c.difference.toFixed(1)} ms [${c.ci95[0].toFixed(1)}, ${c.ci95[1].toFixed(1)}]`;
    process.stderr.write(
      `infermark: ${where}: ${c.verdict} at margin ${margin} (${c.margin_ms?.toFixed(1)} ms; ${d})\n`,
    );
  }
  const count = (v: string): number => checks.filter((c) => c.verdict === v).length;
  process.stderr.write(
    `infermark: latency at margin ${margin}: ${count("regression")} regression, ${count("inconclusive")} inconclusive, ${count("non_inferior")} non-inferior, ${count("not_compared")} not compared\n`,
  );
  if (count("regression") > 0) process.exitCode = 3;
}
