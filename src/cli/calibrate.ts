import { Command } from "commander";
import Table from "cli-table3";
import { z } from "zod";
import { calibrate, type Calibration } from "../runner/calibrate.js";
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

function render(c: Calibration): string {
  const t = new Table({
    head: [
      "threads",
      "streams",
      "tok/s",
      "TTFT err p50 ms",
      "p99 ms",
      "CPU ms/1k tok",
      "loop delay p99 ms",
      "client-limited",
    ],
    style: { head: [], border: [] },
  });
  for (const r of c.rows)
    t.push([
      r.workers,
      r.concurrency,
      r.tokens_per_s.toFixed(0),
      f2(r.ttft_error_ms.p50),
      f2(r.ttft_error_ms.p99),
      r.cpu_ms_per_1k_tokens.toFixed(1),
      f2(r.event_loop_delay_p99_ms),
      r.client_limited ? "yes" : "no",
    ]);
  const lines = c.within_bound.map((w) =>
    w.concurrency === null || w.tokens_per_s === null
      ? `threads ${w.workers}: TTFT error p50 exceeds ${c.bound_ms} ms even at the lowest load`
      : `threads ${w.workers}: TTFT error p50 within ${c.bound_ms} ms up to ${w.concurrency} streams (${w.tokens_per_s.toFixed(0)} tok/s)`,
  );
  return (
    [
      `client calibration against the built-in server (TTFT ${c.server.ttft_ms} ms, ${c.server.itl_ms} ms/token, ${c.server.tokens} tokens) on ${String(c.host.cores)} cores`,
      t.toString(),
      ...lines,
    ].join("\n") + "\n"
  );
}

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
      );
      process.stdout.write(f.json ? JSON.stringify(result, null, 2) + "\n" : render(result));
    });
}
