import { Command } from "commander";
import { z } from "zod";
import { formatOf, print } from "../report/output.js";
import { calibrate } from "../runner/calibrate.js";
import { showProgress } from "./interactive.js";
import { parseFlags, positiveInt, positiveIntList } from "./options.js";

const flags = z.object({
  concurrency: positiveIntList,
  workers: positiveIntList,
  ttft: z.coerce.number().min(0),
  itl: z.coerce.number().gt(0, "must be above 0"),
  tokens: positiveInt,
  boundMs: z.coerce.number().gt(0, "must be above 0"),
  json: z.boolean(),
});

const f2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : "—");

/** `infermark calibrate`: this machine's client overhead budget, against the built-in server. */
export function calibrateCommand(): Command {
  return new Command("calibrate")
    .description(
      "measure infermark's own TTFT error and CPU per streamed token on this machine, per load and thread count",
    )
    .option("--concurrency <list>", "streams per level", "1,8,32,64,128")
    .option("--workers <list>", "thread counts to compare (1: main thread only)", "1,2")
    .option("--ttft <ms>", "built-in server time to first token", "50")
    .option("--itl <ms>", "built-in server time between tokens", "5")
    .option("--tokens <n>", "output tokens per request", "256")
    .option("--bound-ms <ms>", "TTFT error p50 that counts as within budget", "5")
    .option("--json", "print JSON instead of a table", false)
    .action(async (raw: Record<string, unknown>) => {
      const f = parseFlags(flags, raw);
      // It runs for a minute or more: a bar per level says where it is.
      let threads = 1;
      const progress = showProgress(!f.json, (_level, load) => `threads ${threads} c=${load.value}`);
      const result = await calibrate(
        {
          ttftMs: f.ttft,
          itlMs: f.itl,
          tokens: f.tokens,
          concurrency: f.concurrency,
          workers: f.workers,
          boundMs: f.boundMs,
        },
        (r) =>
          process.stderr.write(
            `threads ${r.workers}, ${r.concurrency} streams: TTFT error p50 ${f2(r.ttft_error_ms.p50)} ms\n`,
          ),
        (w) => ((threads = w), progress.hooks),
      );
      progress.stop();
      print({ kind: "calibrate", calibration: result }, { format: formatOf(f) });
    });
}
