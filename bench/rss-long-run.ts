// Peak memory of a long bench run: does the client's RSS grow with the number of requests?
// Run with `npm run build && node dist/bench/rss-long-run.js` (BENCH_RSS_REQUESTS changes the
// two request counts, default 30000,300000; BENCH_RSS_STREAMS the streams, default 64).
//
// One mock server (its own process: its request log is not the client's memory) answers 2-token
// streams with no delay. Each request count runs in its own child process, a closed-loop bench at
// 64 streams on the main thread, records written to a temporary run directory, summary.json
// written from it; the child then reports its peak RSS (VmHWM from /proc/self/status, else
// process.resourceUsage().maxRSS). The claim checked: the long run's peak is within 1.3× the
// short run's, though it holds 10× the records on disk.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnMockServer } from "../src/mock/spawn.js";
import { bench } from "../src/runner/bench-session.js";

const STREAMS = Number(process.env.BENCH_RSS_STREAMS ?? 64);
const COUNTS = (process.env.BENCH_RSS_REQUESTS ?? "30000,300000").split(",").map(Number);
const TARGET_RATIO = 1.3;

interface ChildReport {
  requests: number;
  completed: number;
  peakRssMb: number;
  source: string;
  seconds: number;
  recordsMb: number;
}

/** Peak resident set of this process in MB: the kernel's high-water mark where there is one. */
function peakRssMb(): { mb: number; source: string } {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (m?.[1]) return { mb: Number(m[1]) / 1024, source: "VmHWM" };
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return { mb: process.resourceUsage().maxRSS / 1024, source: "maxRSS" };
}

async function child(url: string, requests: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "infermark-rss-"));
  const t0 = performance.now();
  // BENCH_RSS_TRACE=1: memory every 2 s (BENCH_RSS_TRACE_MS) on stderr, to see which part grows (=gc: after a forced full collection).
  const trace = process.env.BENCH_RSS_TRACE
    ? setInterval(
        () => {
          (globalThis as { gc?: () => void }).gc?.();
          const m = process.memoryUsage();
          process.stderr.write(
            `[${requests}] ${((performance.now() - t0) / 1000).toFixed(0)} s: rss ${(m.rss / 1048576).toFixed(0)} MB, heap used ${(m.heapUsed / 1048576).toFixed(0)} of ${(m.heapTotal / 1048576).toFixed(0)} MB, external ${(m.external / 1048576).toFixed(0)} MB, array buffers ${(m.arrayBuffers / 1048576).toFixed(0)} MB\n`,
          );
        },
        Number(process.env.BENCH_RSS_TRACE_MS ?? 2000),
      )
    : null;
  try {
    const result = await bench({
      target: {
        target: url,
        api: "chat",
        stream: true,
        timeoutMs: 60_000,
        connections: STREAMS,
        threads: 1,
        parallel: 1,
        ctxSize: 512,
      },
      workload: { seed: 0, input: { mean: 8, sd: 0 }, output: { mean: 2, sd: 0 }, sharedPrefix: 0 },
      schedule: { kind: "levels", loads: [{ mode: "concurrency", value: STREAMS }] },
      level: {
        spans: { warmup: { requests: 0 }, measure: { requests }, cooldown: { requests: 0 } },
        seed: 0,
        rampUpS: 0,
        arrival: "poisson",
        maxConcurrency: null,
      },
      ignoreEos: false,
      initialRequest: true,
      params: {},
      slo: [],
      workers: 1,
      outDir: join(dir, "run"),
      command: ["bench/rss-long-run"],
    });
    const peak = peakRssMb();
    const recordsMb = readFileSync(join(dir, "run", "records.jsonl")).length / 1024 / 1024;
    const report: ChildReport = {
      requests,
      completed: result.summary.levels[0]?.requests.completed ?? 0,
      peakRssMb: peak.mb,
      source: peak.source,
      seconds: (performance.now() - t0) / 1000,
      recordsMb,
    };
    process.stdout.write(JSON.stringify(report) + "\n");
  } finally {
    if (trace) clearInterval(trace);
    rmSync(dir, { recursive: true, force: true });
  }
}

function runChild(url: string, requests: number): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [
        ...(process.env.BENCH_RSS_TRACE === "gc" ? ["--expose-gc"] : []),
        fileURLToPath(import.meta.url),
        "child",
        url,
        String(requests),
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    p.on("exit", (code) => {
      const line = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !line.startsWith("{"))
        return reject(new Error(`child for ${requests} requests exited with ${code}: ${out}`));
      resolve(JSON.parse(line) as ChildReport);
    });
  });
}

async function main(): Promise<void> {
  const [mode, url, n] = process.argv.slice(2);
  if (mode === "child" && url && n) return child(url, Number(n));
  const server = await spawnMockServer(["--ttft", "0", "--itl", "0", "--tokens", "2"]);
  try {
    const rows: ChildReport[] = [];
    for (const requests of COUNTS) {
      const r = await runChild(server.url, requests);
      rows.push(r);
      process.stdout.write(
        `${r.requests} requests (${r.completed} completed, records.jsonl ${r.recordsMb.toFixed(1)} MB) at ${STREAMS} streams: peak RSS ${r.peakRssMb.toFixed(1)} MB (${r.source}), ${r.seconds.toFixed(1)} s\n`,
      );
    }
    const [short, long] = [rows[0], rows.at(-1)];
    if (short && long && short !== long) {
      const ratio = long.peakRssMb / short.peakRssMb;
      process.stdout.write(
        `peak RSS ratio ${long.requests}/${short.requests} requests: ${ratio.toFixed(3)} (target ≤ ${TARGET_RATIO})\n`,
      );
    }
  } finally {
    await server.close();
  }
}

await main();
