// Client overhead of infermark vs a bare undici client, both against the same mock server running
// in its own process and logging its own send times. Run with `npm run bench`.
//
// Per stream count, three clients do the same closed-loop work in one run: a bare undici client
// (`pool.request`, a string search for the first content token), infermark with `--workers 1`, and
// infermark with `--workers auto`. Each sends one unmeasured request first (as vLLM's client does),
// then measured requests with no per-level warm-up, as `infermark bench` does by default. Reported:
// the TTFT error (client TTFT − the server's own TTFT for that request, matched by X-Request-Id) at
// p50 and p99, and the client's CPU time per 1,000 streamed tokens, each with its ratio to the bare
// client measured in the same run; and infermark's client_limited verdict with its evidence.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Pool } from "undici";
import { spawnMockServer, type SpawnedMockServer } from "../src/mock/spawn.js";
import type { MockLogEntry } from "../src/mock/sse-server.js";
import { autoWorkers } from "../src/runner/auto-workers.js";
import { bench } from "../src/runner/bench-session.js";
import { distribution } from "../src/stats/distribution.js";
import { syntheticWorkload } from "../src/workloads/synthetic.js";

const TTFT = 50;
const ITL = 5;
const TOKENS = 256;
const INPUT = 64;
const LEVELS = (process.env.BENCH_LEVELS ?? "16,64,128,256").split(",").map(Number);
const WAVES = Number(process.env.BENCH_WAVES ?? 4);
const requestsFor = (c: number): number => Math.max(WAVES * c, 64);
/** The calibrated bound on the TTFT error p50 (ms) that client_limited is judged against. */
const BOUND_MS = 5;

interface Row {
  client: string;
  concurrency: number;
  requests: number;
  errP50: number;
  errP99: number;
  cpuMsPer1kTokens: number;
  clientLimited: boolean | null;
  evidence: string;
}

async function serverTtfts(server: SpawnedMockServer, from: number): Promise<Map<string, MockLogEntry>> {
  return new Map((await server.log()).slice(from).map((e) => [e.id, e]));
}

function errors(
  samples: Array<{ id: string; ttft: number }>,
  log: Map<string, MockLogEntry>,
): { p50: number; p99: number } {
  const d = distribution(
    samples.map((s) => {
      const e = log.get(s.id);
      if (!e || e.firstToken === null) throw new Error(`no server log for ${s.id}`);
      return s.ttft - (e.firstToken - e.received);
    }),
  );
  return { p50: d.p50 ?? Number.NaN, p99: d.p99 ?? Number.NaN };
}

async function runInfermark(server: SpawnedMockServer, c: number, workers: number, label: string): Promise<Row> {
  const from = (await server.log()).length;
  let cpu0 = process.cpuUsage();
  let cpuMs = 0;
  const result = await bench(
    {
      target: {
        target: server.url,
        api: "chat",
        stream: true,
        timeoutMs: 120_000,
        connections: c,
        threads: 1,
        parallel: 1,
        ctxSize: 512,
      },
      workload: { seed: c, input: { mean: INPUT, sd: 0 }, output: { mean: TOKENS, sd: 0 }, sharedPrefix: 0 },
      schedule: { kind: "levels", loads: [{ mode: "concurrency", value: c }] },
      level: {
        spans: { warmup: { requests: 0 }, measure: { requests: requestsFor(c) }, cooldown: { requests: 0 } },
        seed: c,
        rampUpS: 0,
        arrival: "poisson",
        maxConcurrency: null,
      },
      ignoreEos: false,
      initialRequest: true,
      params: {},
      slo: [],
      workers,
      outDir: join(mkdtempSync(join(tmpdir(), `infermark-bench-${label}-`)), "run"),
      command: ["bench/client-overhead"],
    },
    {
      // CPU over the level alone: worker start-up and the initial request come before it.
      onLevelStart: () => (cpu0 = process.cpuUsage()),
      onLevelEnd: () => {
        const d = process.cpuUsage(cpu0);
        cpuMs = (d.user + d.system) / 1000;
      },
    },
  );
  const log = await serverTtfts(server, from);
  const byTail = new Map([...log.entries()].map(([id, e]) => [id.slice(id.lastIndexOf("-") + 1), e]));
  const measured = result.records.filter((r) => r.phase === "measure" && r.error === null && r.t_first !== null);
  const e = errors(
    measured.map((r) => ({ id: String(r.id), ttft: (r.t_first ?? Number.NaN) - r.t_sent })),
    byTail,
  );
  const out = measured.reduce((a, r) => a + r.tokens.output, 0);
  const level = result.summary.levels[0];
  const h = level?.client;
  const lag = level?.latency_ms.schedule_lag.p99 ?? Number.NaN;
  const evidence = h
    ? `loop p99 ${h.event_loop_delay_ms.p99.toFixed(1)}, worker p99 ${h.worker_loop_delay_p99_ms?.toFixed(1) ?? "—"}, lag p99 ${lag.toFixed(1)}, cpu ${h.cpu_cores.toFixed(2)}`
    : "";
  return {
    client: label,
    concurrency: c,
    requests: measured.length,
    errP50: e.p50,
    errP99: e.p99,
    cpuMsPer1kTokens: (cpuMs / out) * 1000,
    clientLimited: level?.validity.client_limited ?? null,
    evidence,
  };
}

/** The baseline: undici's own `request` API, timing the first body chunk that holds a content token. */
async function runBare(server: SpawnedMockServer, c: number): Promise<Row> {
  const from = (await server.log()).length;
  const url = new URL(server.url);
  const pool = new Pool(url.origin, { connections: c });
  const workload = syntheticWorkload({
    seed: 1000 + c,
    input: { mean: INPUT, sd: 0 },
    output: { mean: TOKENS, sd: 0 },
    sharedPrefix: 0,
  });
  const samples: Array<{ id: string; ttft: number }> = [];
  let outputTokens = 0;
  const one = async (i: number, measured: boolean): Promise<void> => {
    const item = workload.item(i);
    const body = JSON.stringify({
      model: "mock-model",
      messages: [{ role: "user", content: item.prompt }],
      max_tokens: measured ? item.maxTokens : 16,
      stream: true,
    });
    const id = `bare${c}-${i}`;
    const sent = performance.now();
    const res = await pool.request({
      path: `${url.pathname}/chat/completions`,
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": id },
      body,
    });
    let first: number | null = null;
    let tokens = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      const t = performance.now();
      const n = chunk.toString("utf8").split('"content":" tok').length - 1;
      if (n > 0 && first === null) first = t;
      tokens += n;
    }
    if (!measured || first === null) return;
    outputTokens += tokens;
    samples.push({ id, ttft: first - sent });
  };
  await one(-1, false);
  const total = requestsFor(c);
  let next = 0;
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (next < total) await one(next++, true);
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  await pool.close();
  const e = errors(samples, await serverTtfts(server, from));
  return {
    client: "bare undici",
    concurrency: c,
    requests: samples.length,
    errP50: e.p50,
    errP99: e.p99,
    cpuMsPer1kTokens: ((cpu.user + cpu.system) / 1000 / outputTokens) * 1000,
    clientLimited: null,
    evidence: "",
  };
}

const f = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : "—");

async function main(): Promise<void> {
  const server = await spawnMockServer(["--ttft", String(TTFT), "--itl", String(ITL)]);
  const rows: Row[] = [];
  try {
    // Warm every code path (and the server) once before measuring.
    await runBare(server, 8);
    await runInfermark(server, 8, 1, "warm");
    for (const c of LEVELS) {
      const auto = autoWorkers(true, c);
      rows.push(await runBare(server, c));
      rows.push(await runInfermark(server, c, 1, "infermark w1"));
      rows.push(await runInfermark(server, c, auto, `infermark auto (${auto})`));
      process.stderr.write(`${c} streams done\n`);
    }
  } finally {
    await server.close();
  }
  console.log(
    `client overhead: mock server TTFT ${TTFT} ms, ${ITL} ms/token, ${TOKENS} tokens, ${WAVES} waves; client and server share this machine's cores`,
  );
  console.log(
    "| streams | client | requests | TTFT err p50 / p99 (ms) | p50 − bare (ms) | p99 / bare | CPU ms / 1k tok | CPU / bare | client_limited | evidence (ms, cores) |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  const checks: string[] = [];
  for (const c of LEVELS) {
    const level = rows.filter((r) => r.concurrency === c);
    const bare = level.find((r) => r.client === "bare undici");
    if (!bare) continue;
    for (const r of level) {
      const isBare = r === bare;
      console.log(
        `| ${c} | ${r.client} | ${r.requests} | ${f(r.errP50)} / ${f(r.errP99)} | ${isBare ? "" : f(r.errP50 - bare.errP50)} | ${isBare ? "" : f(r.errP99 / bare.errP99)} | ${f(r.cpuMsPer1kTokens, 1)} | ${isBare ? "" : f(r.cpuMsPer1kTokens / bare.cpuMsPer1kTokens)} | ${r.clientLimited === null ? "" : r.clientLimited ? "yes" : "no"} | ${r.evidence} |`,
      );
      if (isBare) continue;
      if (c <= 128) {
        checks.push(
          `${c} ${r.client}: p50 within 1 ms of bare: ${r.errP50 - bare.errP50 <= 1 ? "yes" : "NO"}; p99 ≤ 1.5× bare: ${r.errP99 <= 1.5 * bare.errP99 ? "yes" : "NO"}; CPU ≤ 1.15× bare: ${r.cpuMsPer1kTokens <= 1.15 * bare.cpuMsPer1kTokens ? "yes" : "NO"}`,
        );
      }
      // The verdict is right when it fires exactly where the error leaves the calibrated bound.
      if (r.clientLimited !== null)
        checks.push(
          `${c} ${r.client}: client_limited ${r.clientLimited ? "fired" : "quiet"}, error p50 ${f(r.errP50)} ms ${r.errP50 > BOUND_MS ? ">" : "≤"} ${BOUND_MS} ms: ${r.clientLimited === r.errP50 > BOUND_MS ? "right" : "WRONG"}`,
        );
    }
  }
  console.log("\n" + checks.join("\n"));
  console.log(JSON.stringify({ bench: "client-overhead", ttft_ms: TTFT, itl_ms: ITL, tokens: TOKENS, rows }));
}

await main();
