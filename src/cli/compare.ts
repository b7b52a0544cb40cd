import { Command, Option } from "commander";
import { PROFILES, profileNamed } from "../decide/profiles.js";
import { latencyRegressionChecks, type LatencyRegressionCheck } from "../decide/latency-regression.js";
import { perturbationChecks, type PerturbationCheck } from "../decide/regression.js";
import { UserError } from "../errors.js";
import { formatOf, print } from "../report/output.js";
import { compareAnyRunDirs } from "../runner/compare-session.js";

/** `infermark compare RUN_A RUN_B`: paired differences per metric over the items both runs answered. */
export function compareCommand(): Command {
  return new Command("compare")
    .description(
      "compare two eval runs item by item (difference B − A, paired 95% CI, McNemar or paired bootstrap, minimum detectable effect), or two bench runs level by level (latency percentiles B − A with a bootstrap 95% CI, throughput and goodput), or two whole infermark run directories candidate by candidate, stage by stage",
    )
    .argument("<run-a>", "eval, bench or whole infermark run directory (baseline)")
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
    .option(
      "--latency-margin <x>",
      "whole runs: a share of A's latency a slower percentile may take before it is a regression (default: --margin); the profile's ms margins (e.g. ttft.p95) come first",
    )
    .option("--json", "print JSON", false)
    .action(
      (
        a: string,
        b: string,
        opts: {
          seed: string;
          json: boolean;
          failOnRegression: boolean;
          profile?: string;
          margin: string;
          latencyMargin?: string;
        },
      ) => {
        const compared = compareAnyRunDirs({ a, b, seed: Number(opts.seed) });
        const margin = share("--margin", opts.margin);
        if (compared.kind === "bench") {
          print({ kind: "compare-bench", result: compared.result, notes: compared.notes }, { format: formatOf(opts) });
          if (!opts.failOnRegression) return;
          if (opts.profile)
            throw new UserError(
              "--profile margins are for eval metrics; for bench runs give --margin (a share of A's latency)",
            );
          if (reportLatencyChecks("", latencyRegressionChecks(compared.result, margin)) > 0) process.exitCode = 3;
          return;
        }
        if (compared.kind === "choice") {
          print({ kind: "compare-choice", result: compared.result, notes: compared.notes }, { format: formatOf(opts) });
          if (!opts.failOnRegression) return;
          const margins = opts.profile ? profileNamed(opts.profile).regression_margins : compared.margins;
          const latency = opts.latencyMargin === undefined ? margin : share("--latency-margin", opts.latencyMargin);
          let regressions = 0;
          for (const c of compared.result.candidates) {
            for (const t of c.tasks)
              regressions += reportEvalChecks(`${c.name}: ${t.task}: `, perturbationChecks(t, margins, margin));
            if (c.bench)
              regressions += reportLatencyChecks(`${c.name}: `, latencyRegressionChecks(c.bench, latency, margins));
          }
          if (regressions > 0) process.exitCode = 3;
          return;
        }
        const { result } = compared;
        print({ kind: "compare", result }, { format: formatOf(opts) });
        if (!opts.failOnRegression) return;
        const checks = perturbationChecks(
          result,
          opts.profile ? profileNamed(opts.profile).regression_margins : {},
          margin,
        );
        if (reportEvalChecks("", checks) > 0) process.exitCode = 3;
      },
    );
}

function share(flag: string, text: string): number {
  const x = Number(text);
  if (!Number.isFinite(x) || x < 0)
    throw new UserError(`${flag}: expected a non-negative number such as 0.05, got ${text}`);
  return x;
}

/** Prints one line per eval metric judged; returns how many are regressions. */
function reportEvalChecks(prefix: string, checks: readonly PerturbationCheck[]): number {
  for (const c of checks) {
    const d =
      c.difference === null || c.ci95 === null
        ? "no paired items"
        : `B − A ${c.difference.toFixed(4)} [${c.ci95[0].toFixed(4)}, ${c.ci95[1].toFixed(4)}]`;
    const under = c.perturbation === "original" ? "" : ` under ${c.perturbation}`;
    process.stderr.write(
      `infermark: ${prefix}${c.metric}${under}: ${c.verdict.replace("_", "-")} at margin ${c.margin} (${d})\n`,
    );
  }
  return checks.filter((c) => c.verdict === "regression").length;
}

/** Prints the latency percentiles that are not non-inferior, then a count per verdict; returns how many are regressions. */
function reportLatencyChecks(prefix: string, checks: readonly LatencyRegressionCheck[]): number {
  for (const c of checks) {
    if (c.verdict === "non_inferior" || c.verdict === "not_compared" || c.ci95 === null || c.difference === null)
      continue;
    const where = `${c.load.mode} ${c.load.value} ${c.metric} ${c.stat}`;
    const d = `B − A ${c.difference.toFixed(1)} ms [${c.ci95[0].toFixed(1)}, ${c.ci95[1].toFixed(1)}]`;
    const m = c.margin_from_profile
      ? `${c.margin_ms?.toFixed(1)} ms (the profile's)`
      : `${c.margin} (${c.margin_ms?.toFixed(1)} ms)`;
    process.stderr.write(`infermark: ${prefix}${where}: ${c.verdict} at margin ${m}; ${d}\n`);
  }
  const count = (v: string): number => checks.filter((c) => c.verdict === v).length;
  process.stderr.write(
    `infermark: ${prefix}latency at margin ${checks[0]?.margin ?? "—"}: ${count("regression")} regression, ${count("inconclusive")} inconclusive, ${count("non_inferior")} non-inferior, ${count("not_compared")} not compared\n`,
  );
  return count("regression");
}
