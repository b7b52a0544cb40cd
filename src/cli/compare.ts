import { Command } from "commander";
import { formatOf, print } from "../report/output.js";
import { compareRunDirs } from "../runner/compare-session.js";

/** `infermark compare RUN_A RUN_B`: paired differences per metric over the items both runs answered. */
export function compareCommand(): Command {
  return new Command("compare")
    .description(
      "compare two eval runs item by item: difference B − A, paired 95% CI, McNemar or paired bootstrap, minimum detectable effect",
    )
    .argument("<run-a>", "eval run directory (baseline)")
    .argument("<run-b>", "eval run directory (candidate)")
    .option("--seed <n>", "bootstrap seed", "0")
    .option("--json", "print JSON", false)
    .action((a: string, b: string, opts: { seed: string; json: boolean }) => {
      print({ kind: "compare", result: compareRunDirs({ a, b, seed: Number(opts.seed) }) }, { format: formatOf(opts) });
    });
}
