import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnMockServer, type SpawnedMockServer } from "../mock/spawn.js";
import { clientLimitReasons, stampingDelay } from "../standards/efficiency/client-health.js";
import { distribution } from "../stats/distribution.js";
import {
  CALIBRATE_SCHEMA,
  type CalibrateOptions,
  type Calibration,
  type CalibrationRow,
} from "../standards/efficiency/calibration.js";
import type { RunnerHooks } from "./request-runner.js";
import { bench } from "./bench-session.js";
import { hostInfo } from "./host.js";

export {
  CALIBRATE_SCHEMA,
  type CalibrateOptions,
  type Calibration,
  type CalibrationRow,
} from "../standards/efficiency/calibration.js";

/** Runs every concurrency level for one thread count in one bench (threads and JIT stay warm across levels). */
async function levels(
  server: SpawnedMockServer,
  o: CalibrateOptions,
  workers: number,
  hooks: RunnerHooks,
): Promise<CalibrationRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "infermark-calibrate-"));
  const from = (await server.log()).length;
  const top = Math.max(...o.concurrency);
  // As `infermark bench` runs by default: one initial request, no warm-up wave, four waves measured.
  const measured = (c: number): number => Math.max(4 * c, 64);
  try {
    const { summary, records } = await bench(
      {
        target: {
          target: server.url,
          api: "chat",
          stream: true,
          timeoutMs: 120_000,
          connections: top,
          threads: 1,
          parallel: 1,
          ctxSize: 512,
        },
        workload: { seed: workers, input: { mean: 64, sd: 0 }, output: { mean: o.tokens, sd: 0 }, sharedPrefix: 0 },
        schedule: {
          kind: "levels",
          loads: o.concurrency.map((value) => ({ mode: "concurrency" as const, value })),
          spans: o.concurrency.map((c) => ({
            warmup: { requests: 0 },
            measure: { requests: measured(c) },
            cooldown: { requests: 0 },
          })),
        },
        level: {
          spans: { warmup: { requests: 0 }, measure: { requests: 1 }, cooldown: { requests: 0 } },
          seed: 0,
          rampUpS: 0,
          arrival: "poisson",
          maxConcurrency: null,
        },
        ignoreEos: false,
        initialRequest: true,
        params: {},
        slo: [],
        workers,
        outDir: join(dir, "run"),
        command: ["infermark", "calibrate"],
      },
      hooks,
    );
    const log = new Map((await server.log()).slice(from).map((e) => [e.id.slice(e.id.lastIndexOf("-") + 1), e]));
    return summary.levels.map((l) => {
      const errors: number[] = [];
      for (const r of records) {
        const e = log.get(String(r.id));
        if (
          r.level !== l.level ||
          r.phase !== "measure" ||
          r.error !== null ||
          !e ||
          e.firstToken === null ||
          r.t_first === null
        )
          continue;
        errors.push(r.t_first - r.t_sent - (e.firstToken - e.received));
      }
      const d = distribution(errors);
      const client = l.client!;
      const stamp = stampingDelay(client);
      return {
        workers,
        concurrency: l.load.value,
        requests: measured(l.load.value),
        tokens_per_s: l.throughput.output_tokens_per_s,
        ttft_error_ms: { p50: d.p50 ?? Number.NaN, p99: d.p99 ?? Number.NaN },
        // CPU is sampled over the whole level, warmup included; per token that errs slightly high.
        cpu_ms_per_1k_tokens:
          l.tokens.output > 0 ? (client.cpu_cores * l.duration_s * 1e6) / l.tokens.output : Number.NaN,
        event_loop_delay_p99_ms: client.event_loop_delay_ms.p99,
        stamp_loop_delay_ms: { p50: stamp.p50 ?? Number.NaN, p99: stamp.p99 ?? Number.NaN },
        schedule_lag_p99_ms: l.latency_ms.schedule_lag.p99 ?? Number.NaN,
        cpu_cores: client.cpu_cores,
        client_limited: l.validity.client_limited,
        client_reasons: clientLimitReasons({ health: client, clientLagP99: l.latency_ms.schedule_lag.p99 }),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Measures the client against the built-in SSE server (its own process, logging its own send
 * times), level by level, and reports how far the client's TTFT is from the server's, and at
 * what load the error leaves the bound. `onRow` reports each row as it is measured; `hooks` gives
 * the runner hooks for each thread count's bench (a progress bar per level).
 */
export async function calibrate(
  o: CalibrateOptions,
  onRow: (row: CalibrationRow) => void = () => {},
  hooks: (workers: number) => RunnerHooks = () => ({}),
): Promise<Calibration> {
  const server = await spawnMockServer(["--ttft", String(o.ttftMs), "--itl", String(o.itlMs)]);
  const rows: CalibrationRow[] = [];
  try {
    for (const w of o.workers) {
      for (const row of await levels(server, o, w, hooks(w))) {
        rows.push(row);
        onRow(row);
      }
    }
  } finally {
    await server.close();
  }
  const within = o.workers.map((w) => {
    // The highest load before the first level that breaks the bound.
    let best: CalibrationRow | null = null;
    for (const r of rows.filter((x) => x.workers === w)) {
      if (!(r.ttft_error_ms.p50 <= o.boundMs)) break;
      best = r;
    }
    return { workers: w, concurrency: best?.concurrency ?? null, tokens_per_s: best?.tokens_per_s ?? null };
  });
  return {
    schema: CALIBRATE_SCHEMA,
    host: hostInfo(),
    server: { ttft_ms: o.ttftMs, itl_ms: o.itlMs, tokens: o.tokens },
    bound_ms: o.boundMs,
    rows,
    within_bound: within,
  };
}
