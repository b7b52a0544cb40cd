// Client overhead of infermark vs a bare undici client, both against the same mock server running
// in its own process and logging its own send times. Run with `npm run bench`.
//
// Per stream count, three clients do the same closed-loop work: a bare undici client
// (`pool.request`, a string search for the first content token), infermark with `--workers 1`, and
// infermark with `--workers auto`. Each measurement runs in its own child process, after a warm-up
// of the same client at 8 streams (JIT), so no client pays for another's garbage or warms the code
// another then uses; `BENCH_REPEATS` (6) rounds repeat every measurement, with the client order
// rotated each round. Each client sends one unmeasured request first (as vLLM's client does), then
// measured requests with no per-level warm-up, as `infermark bench` does by default. Reported, as the
// median over rounds (and the range): the TTFT error (client TTFT − the server's own TTFT for that
// request, matched by X-Request-Id) at p50 and p99, and the client's CPU time per 1,000 streamed
// tokens, each with its ratio to the bare client of the same round; and infermark's client_limited
// verdict with its evidence.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Pool, request } from "undici";
import { spawnMockServer, type SpawnedMockServer } from "../src/mock/spawn.js";
import type { MockLogEntry } from "../src/mock/sse-server.js";
import { autoWorkers } from "../src/runner/auto-workers.js";
import { bench } from "../src/runner/bench-session.js";
import { distribution } from "../src/stats/distribution.js";
import { quantileInterval } from "../src/stats/quantile-interval.js";
import { syntheticWorkload } from "../src/workloads/synthetic.js";

const TTFT = 50;
const ITL = 5;
const TOKENS = 256;
const INPUT = 64;
const LEVELS = (process.env.BENCH_LEVELS ?? "16,64,128,256").split(",").map(Number);
const WAVES = Number(process.env.BENCH_WAVES ?? 4);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 6);
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

/** What a child needs of the server: its URL and its log. */
type Server = Pick<SpawnedMockServer, "url" | "log">;

async function serverTtfts(server: Server, from: number): Promise<Map<string, MockLogEntry>> {
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

async function runInfermark(
  server: Server,
  c: number,
  workers: number,
  label: string,
  total = requestsFor(c),
): Promise<Row> {
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
        spans: { warmup: { requests: 0 }, measure: { requests: total }, cooldown: { requests: 0 } },
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
async function runBare(server: Server, c: number, total = requestsFor(c)): Promise<Row> {
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

type ClientKind = "bare" | "w1" | "auto";
const KINDS: ClientKind[] = ["bare", "w1", "auto"];
const isKind = (k: string | undefined): k is ClientKind => KINDS.some((x) => x === k);

/** One measurement in this (child) process: a warm-up of the same client at 8 streams, then the level. */
async function child(url: string, kind: ClientKind, c: number): Promise<void> {
  const server: Server = {
    url,
    log: async () => (await (await request(`${url}/_mock/log`)).body.json()) as MockLogEntry[],
  };
  const auto = autoWorkers(true, c);
  const measure = (streams: number, label: string, total?: number): Promise<Row> =>
    kind === "bare"
      ? runBare(server, streams, total)
      : runInfermark(server, streams, kind === "w1" ? 1 : auto, label, total);
  // Two waves at 8 streams: enough for the JIT to compile the per-chunk paths.
  await measure(8, "warm", 16);
  const row = await measure(
    c,
    kind === "bare" ? "bare undici" : kind === "w1" ? "infermark w1" : `infermark auto (${auto})`,
  );
  process.stdout.write(JSON.stringify(row) + "\n");
}

function runChild(url: string, kind: ClientKind, c: number): Promise<Row> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [fileURLToPath(import.meta.url), "child", url, kind, String(c)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    p.on("exit", (code) => {
      const line = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !line.startsWith("{")) return reject(new Error(`${kind} at ${c} streams exited with ${code}`));
      resolve(JSON.parse(line) as Row);
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? Number.NaN) + (s[m] ?? Number.NaN)) / 2;
}

/**
 * A target on the median of per-round paired values, judged by the median's distribution-free 95%
 * interval: met only when the whole interval is within the limit, missed only when the whole
 * interval is beyond it. The round-to-round spread of CPU time here is several times a 15 % margin,
 * so a bare median would call either way by chance. Fewer than 6 rounds give no 95% interval for a
 * median, and the answer then says so.
 */
function judge(xs: number[], limit: number): string {
  const s = [...xs].sort((a, b) => a - b);
  const { lo, hi } = quantileInterval(s, 0.5);
  const med = `median ${f(median(s))}`;
  if (lo === null || hi === null)
    return `${median(s) <= limit ? "yes" : "NO"} by the ${med} alone (no 95% interval from ${s.length} rounds)`;
  const ci = `${med}, 95% CI [${f(lo)}, ${f(hi)}]`;
  if (hi <= limit) return `yes (${ci})`;
  if (lo > limit) return `NO (${ci})`;
  return `inconclusive (${ci})`;
}

/** Median over rounds, with the range when there is more than one round. */
function summary(xs: number[], d = 2): string {
  const med = f(median(xs), d);
  return xs.length > 1 ? `${med} (${f(Math.min(...xs), d)}–${f(Math.max(...xs), d)})` : med;
}

async function main(): Promise<void> {
  const server = await spawnMockServer(["--ttft", String(TTFT), "--itl", String(ITL)]);
  // rounds[r][c][kind]: one row per round, stream count and client.
  const rounds: Array<Map<number, Map<ClientKind, Row>>> = [];
  try {
    for (let r = 0; r < REPEATS; r++) {
      const round = new Map<number, Map<ClientKind, Row>>();
      for (const c of LEVELS) {
        const rows = new Map<ClientKind, Row>();
        // Rotate the order each round: a client measured right after another shares its machine state.
        for (let k = 0; k < KINDS.length; k++) {
          const kind = KINDS[(k + r) % KINDS.length] ?? "bare";
          rows.set(kind, await runChild(server.url, kind, c));
        }
        round.set(c, rows);
        process.stderr.write(`round ${r + 1}/${REPEATS}: ${c} streams done\n`);
      }
      rounds.push(round);
    }
  } finally {
    await server.close();
  }
  console.log(
    `client overhead: mock server TTFT ${TTFT} ms, ${ITL} ms/token, ${TOKENS} tokens, ${WAVES} waves, ${REPEATS} rounds (median and range); client and server share this machine's cores`,
  );
  console.log(
    "| streams | client | requests | TTFT err p50 (ms) | TTFT err p99 (ms) | p50 − bare (ms) | p99 / bare | CPU ms / 1k tok | CPU / bare | client_limited | evidence, last round (ms, cores) |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  const checks: string[] = [];
  let right = 0;
  let judged = 0;
  for (const c of LEVELS) {
    for (const kind of KINDS) {
      const rows = rounds.map((round) => round.get(c)?.get(kind)).filter((x): x is Row => x !== undefined);
      const bares = rounds.map((round) => round.get(c)?.get("bare")).filter((x): x is Row => x !== undefined);
      const last = rows.at(-1);
      if (!last || bares.length !== rows.length) continue;
      const isBare = kind === "bare";
      // Ratios are taken within a round (the bare client of the same round), then their median.
      const p50d = rows.map((r, i) => r.errP50 - (bares[i]?.errP50 ?? Number.NaN));
      const p99r = rows.map((r, i) => r.errP99 / (bares[i]?.errP99 ?? Number.NaN));
      const cpur = rows.map((r, i) => r.cpuMsPer1kTokens / (bares[i]?.cpuMsPer1kTokens ?? Number.NaN));
      const verdicts = rows.map((r) => (r.clientLimited === null ? "" : r.clientLimited ? "yes" : "no")).join(" ");
      console.log(
        `| ${c} | ${last.client} | ${last.requests} | ${summary(rows.map((r) => r.errP50))} | ${summary(rows.map((r) => r.errP99))} | ${isBare ? "" : summary(p50d)} | ${isBare ? "" : summary(p99r)} | ${summary(
          rows.map((r) => r.cpuMsPer1kTokens),
          1,
        )} | ${isBare ? "" : summary(cpur)} | ${verdicts} | ${last.evidence} |`,
      );
      if (isBare) continue;
      if (c <= 128) {
        checks.push(
          `${c} ${last.client}: p50 within 1 ms of bare: ${judge(p50d, 1)}; p99 ≤ 1.5× bare: ${judge(p99r, 1.5)}; CPU ≤ 1.15× bare: ${judge(cpur, 1.15)} (n = ${rows.length} rounds)`,
        );
      }
      // The verdict is right when it fires exactly where the error leaves the calibrated bound.
      for (const r of rows) {
        if (r.clientLimited === null) continue;
        judged++;
        if (r.clientLimited === r.errP50 > BOUND_MS) right++;
        else
          checks.push(
            `${c} ${r.client}: client_limited ${r.clientLimited ? "fired" : "quiet"} at error p50 ${f(r.errP50)} ms (bound ${BOUND_MS} ms): WRONG (${r.evidence})`,
          );
      }
    }
  }
  checks.push(`client_limited right in ${right} of ${judged} measurements`);
  console.log("\n" + checks.join("\n"));
  console.log(
    JSON.stringify({
      bench: "client-overhead",
      ttft_ms: TTFT,
      itl_ms: ITL,
      tokens: TOKENS,
      rounds: rounds.map((round) => [...round.values()].flatMap((m) => [...m.values()])),
    }),
  );
}

const [mode, url, kind, c] = process.argv.slice(2);
if (mode === "child" && url && isKind(kind) && c) await child(url, kind, Number(c));
else await main();
