// Client overhead of infermark vs a bare undici client, both against the same mock server running
// in its own process and logging its own send times. Run with `npm run bench`.
//
// For each concurrency: the TTFT error (client-measured TTFT − the server's own first-token time
// for that request) at p50 and p99, the client's CPU time per 1,000 streamed tokens, and the
// achieved output throughput as a share of the theoretical. Ratios against the bare client are
// measured in the same run, on the same machine, so they hold up where absolute numbers do not.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Pool } from "undici";
import { spawnMockServer, type SpawnedMockServer } from "../src/mock/spawn.js";
import type { MockLogEntry } from "../src/mock/sse-server.js";
import { bench } from "../src/runner/bench-session.js";
import { distribution } from "../src/stats/distribution.js";
import { syntheticWorkload } from "../src/workloads/synthetic.js";

const TTFT = 50;
const ITL = 5;
const TOKENS = 256;
const INPUT = 64;
const LEVELS = (process.env.BENCH_LEVELS ?? "1,2,4,8,16,32,64,128,256").split(",").map(Number);
const requestsFor = (c: number): number => Math.max(2 * c, Number(process.env.BENCH_MIN_REQUESTS ?? 8));
// Each level first sends `c` unmeasured requests: they open the pool's connections and warm the
// JIT, so the table shows steady-state overhead, not connection setup.
const warmupFor = (c: number): number => c;
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const SERVICE_S = (TTFT + (TOKENS - 1) * ITL) / 1000;

interface Sample {
  id: string;
  ttft: number;
}

interface LevelResult {
  client: string;
  concurrency: number;
  requests: number;
  errP50: number;
  errP99: number;
  cpuMsPer1kTokens: number;
  throughputShare: number;
}

async function logSince(server: SpawnedMockServer, from: number): Promise<Map<string, MockLogEntry>> {
  const log = await server.log();
  return new Map(log.slice(from).map((e) => [e.id, e]));
}

function score(client: string, c: number, samples: Sample[], log: Map<string, MockLogEntry>, cpuMs: number, outputTokens: number, seconds: number): LevelResult {
  const errors = samples.map((s) => {
    const e = log.get(s.id);
    if (!e || e.firstToken === null) throw new Error(`no server log for ${s.id}`);
    return s.ttft - (e.firstToken - e.received);
  });
  const d = distribution(errors);
  const theoretical = (c * TOKENS) / SERVICE_S;
  return { client, concurrency: c, requests: samples.length, errP50: d.p50!, errP99: d.p99!, cpuMsPer1kTokens: (cpuMs / outputTokens) * 1000, throughputShare: outputTokens / seconds / theoretical };
}

async function runInfermark(server: SpawnedMockServer, c: number, tag: string): Promise<LevelResult> {
  const from = (await server.log()).length;
  let cpu0 = process.cpuUsage();
  let cpuMsMeasured = 0;
  // CPU is counted from the first measured record's send to the level end, warmup excluded.
  let measuring = false;
  const hooks = {
    onRecord: (r: { phase: string }) => {
      if (!measuring && r.phase === "warmup") cpu0 = process.cpuUsage();
      if (r.phase === "measure") measuring = true;
    },
    onLevelEnd: () => {
      const d = process.cpuUsage(cpu0);
      cpuMsMeasured = (d.user + d.system) / 1000;
    },
  };
  const result = await bench({
    target: { target: server.url, api: "chat", stream: true, timeoutMs: 120_000, connections: c, threads: 1, parallel: 1, ctxSize: 512 },
    workload: { seed: c, input: { mean: INPUT, sd: 0 }, output: { mean: TOKENS, sd: 0 }, sharedPrefix: 0 },
    schedule: { kind: "levels", loads: [{ mode: "concurrency", value: c }] },
    level: { spans: { warmup: { requests: warmupFor(c) }, measure: { requests: requestsFor(c) }, cooldown: { requests: 0 } }, seed: c, rampUpS: 0, arrival: "poisson", maxConcurrency: null },
    ignoreEos: false,
    params: {},
    slo: [],
    workers: WORKERS,
    outDir: mkdtempSync(join(tmpdir(), `infermark-bench-${tag}-`)),
    command: ["bench/client-overhead"],
  }, hooks);
  const log = await logSince(server, from);
  const byTail = new Map([...log.entries()].map(([id, e]) => [id.slice(id.lastIndexOf("-") + 1), e]));
  const measured = result.records.filter((r) => r.phase === "measure");
  const samples = measured.filter((r) => r.error === null).map((r) => ({ id: String(r.id), ttft: r.t_first! - r.t_sent }));
  const out = measured.reduce((a, r) => a + r.tokens.output, 0);
  const level = result.summary.levels[0]!;
  return score("infermark", c, samples, byTail, cpuMsMeasured, out, level.duration_s);
}

/** The baseline: undici's own `request` API, timing the first body chunk that holds a content token. */
async function runBareUndici(server: SpawnedMockServer, c: number): Promise<LevelResult> {
  const from = (await server.log()).length;
  const url = new URL(server.url);
  const pool = new Pool(url.origin, { connections: c });
  const workload = syntheticWorkload({ seed: 1000 + c, input: { mean: INPUT, sd: 0 }, output: { mean: TOKENS, sd: 0 }, sharedPrefix: 0 });
  const samples: Sample[] = [];
  let next = 0;
  let outputTokens = 0;
  let total = warmupFor(c);
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      const item = workload.item(i);
      const body = JSON.stringify({ model: "mock-model", messages: [{ role: "user", content: item.prompt }], max_tokens: item.maxTokens, stream: true });
      const sent = performance.now();
      const res = await pool.request({ path: `${url.pathname}/chat/completions`, method: "POST", headers: { "content-type": "application/json", "x-request-id": `bare${c}-${i}` }, body });
      let first: number | null = null;
      let tokens = 0;
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        const t = performance.now();
        const text = chunk.toString("utf8");
        const n = text.split('"content":" tok').length - 1;
        if (n > 0 && first === null) first = t;
        tokens += n;
      }
      if (i < warmupFor(c)) continue;
      outputTokens += tokens;
      samples.push({ id: `bare${c}-${i}`, ttft: first! - sent });
    }
  };
  await Promise.all(Array.from({ length: c }, worker));
  total += requestsFor(c);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: c }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await pool.close();
  return score("bare undici", c, samples, await logSince(server, from), (cpu.user + cpu.system) / 1000, outputTokens, seconds);
}

const fmt = (x: number, d = 2): string => x.toFixed(d);

async function main(): Promise<void> {
  const server = await spawnMockServer(["--ttft", String(TTFT), "--itl", String(ITL)]);
  try {
    // Warm both clients' code paths (and the server's) before measuring.
    await runInfermark(server, 8, "warmup");
    await runBareUndici(server, 8);
    const rows: Array<[LevelResult, LevelResult]> = [];
    for (const c of LEVELS) {
      const mine = await runInfermark(server, c, String(c));
      const bare = await runBareUndici(server, c);
      rows.push([mine, bare]);
      process.stderr.write(`concurrency ${c} done\n`);
    }
    console.log(`client overhead: mock server TTFT ${TTFT} ms, ${ITL} ms/token, ${TOKENS} tokens; client and server share this machine's cores`);
    console.log("| streams | requests | infermark TTFT err p50 / p99 (ms) | bare undici p50 / p99 (ms) | infermark CPU ms / 1k tok | bare CPU ms / 1k tok | CPU ratio | infermark tput share | bare tput share |");
    console.log("|---|---|---|---|---|---|---|---|---|");
    for (const [m, b] of rows) {
      console.log(
        `| ${m.concurrency} | ${m.requests} | ${fmt(m.errP50)} / ${fmt(m.errP99)} | ${fmt(b.errP50)} / ${fmt(b.errP99)} | ${fmt(m.cpuMsPer1kTokens, 1)} | ${fmt(b.cpuMsPer1kTokens, 1)} | ${fmt(m.cpuMsPer1kTokens / b.cpuMsPer1kTokens)} | ${fmt(m.throughputShare, 3)} | ${fmt(b.throughputShare, 3)} |`,
      );
    }
    console.log(JSON.stringify({ bench: "client-overhead", ttft_ms: TTFT, itl_ms: ITL, tokens: TOKENS, rows: rows.flat() }));
  } finally {
    await server.close();
  }
}

await main();
