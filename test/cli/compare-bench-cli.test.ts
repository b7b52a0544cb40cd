import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnMockServer, type SpawnedMockServer } from "../../src/mock/spawn.js";
import { loadBenchRunSample } from "../../src/runner/compare-bench-session.js";
import type { BenchCompareResult } from "../../src/standards/efficiency/compare-bench.js";
import { runCli } from "../helpers/cli.js";

const tmp = mkdtempSync(join(tmpdir(), "infermark-compare-bench-"));

/** One-token answers: TTFT and E2E carry the servers' difference; TPOT is undefined (N = n1) and must say so. */
const bench = (url: string, levels: string, out: string): string[] => [
  "bench",
  "--target",
  url,
  "--concurrency",
  levels,
  "--requests",
  "16",
  "--output-tokens",
  "1",
  "--out",
  out,
];

describe("infermark compare of two bench runs (CLI)", () => {
  let slow: SpawnedMockServer;
  let fast: SpawnedMockServer;
  const a = join(tmp, "a");
  const b = join(tmp, "b");

  beforeAll(async () => {
    [slow, fast] = await Promise.all([
      spawnMockServer(["--ttft", "150", "--itl", "2"]),
      spawnMockServer(["--ttft", "20", "--itl", "2"]),
    ]);
    // B runs its levels in another order and one more: levels are matched by load, not by index.
    const ra = await runCli(bench(slow.url, "1,2", a));
    expect(ra.code, ra.stderr).toBe(0);
    const rb = await runCli(bench(fast.url, "2,1,3", b));
    expect(rb.code, rb.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([slow?.close(), fast?.close()]);
  });

  it("prints one block per matched level naming B faster, within 80 columns, and the unmatched level", async () => {
    const res = await runCli(["compare", a, b]);
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stdout.split("\n");
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(80);
    // A's level 0 (concurrency 1) pairs with B's level 1, A's level 1 with B's level 0.
    expect(res.stdout).toMatch(/^concurrency 1 \(A level 0, B level 1\): B faster/m);
    expect(res.stdout).toMatch(/^concurrency 2 \(A level 1, B level 0\): B faster/m);
    // 130 ms less to the first token: every TTFT percentile line is negative and faster.
    const ttft = lines.filter((l) => /^ {2}ttft p(50|95|99) /.test(l));
    expect(ttft).toHaveLength(6);
    for (const l of ttft) expect(l).toMatch(/Δ -\d+\.\d+ +\[-\d+\.\d+, -\d+\.\d+\] ms +faster$/);
    // Notes wrap at 80 columns: read them as one text.
    const flat = res.stdout.replace(/\n +/g, " ");
    expect(flat).toMatch(/tpot not compared: fewer than 2 successful requests define tpot in either run/);
    expect(res.stdout).toMatch(/only in B \(unmatched\): concurrency 3 \(level 2\)/);
    expect(res.stdout).toMatch(/2000 resamples/);
  }, 60_000);

  it("--json gives the whole comparison: per-level percentiles with n per side, CIs below 0, unmatched levels", async () => {
    const res = await runCli(["compare", a, b, "--json"]);
    expect(res.code, res.stderr).toBe(0);
    const r = JSON.parse(res.stdout) as BenchCompareResult;
    expect(r.schema).toBe("infermark.compare-bench/1");
    expect(r.levels.map((l) => [l.load, l.levels])).toEqual([
      [
        { mode: "concurrency", value: 1 },
        { a: 0, b: 1 },
      ],
      [
        { mode: "concurrency", value: 2 },
        { a: 1, b: 0 },
      ],
    ]);
    expect(r.unmatched).toEqual({ only_in_a: [], only_in_b: [{ level: 2, load: { mode: "concurrency", value: 3 } }] });
    for (const l of r.levels) {
      expect(l.verdict.overall).toBe("faster");
      const ttft = l.latency.filter((c) => c.metric === "ttft");
      for (const c of ttft) {
        expect(c.n).toEqual({ a: 16, b: 16 });
        expect(c.ci95).not.toBeNull();
        expect(c.ci95![1]).toBeLessThan(0);
        expect(c.difference).toBeCloseTo(c.b! - c.a!, 9);
      }
      // The mock server waits 150 ms before A's first token and 20 ms before B's. Node timers run on
      // libuv's millisecond loop clock, so a wait can read up to 1 ms short on performance.now().
      expect(ttft[0]!.a).toBeGreaterThanOrEqual(149);
      expect(ttft[0]!.b).toBeGreaterThanOrEqual(19);
      expect(l.latency.filter((c) => c.metric === "tpot").every((c) => c.verdict === null)).toBe(true);
      expect(l.throughput.requests_per_s.ratio).toBeGreaterThan(1);
      expect(l.goodput).toEqual({ applicable: false, reason: "no SLO in the runs" });
    }
  }, 60_000);

  it("matches report: A's p50 TTFT is the one its summary gives", async () => {
    const rep = await runCli(["report", a, "--json"]);
    const summary = JSON.parse(rep.stdout) as { levels: Array<{ latency_ms: { ttft: { p50: number } } }> };
    const r = JSON.parse((await runCli(["compare", a, b, "--json"])).stdout) as BenchCompareResult;
    expect(r.levels[0]!.latency[0]!.a).toBe(summary.levels[0]!.latency_ms.ttft.p50);
  }, 60_000);

  it("--fail-on-regression: the slow run as candidate exits 3 naming the slower percentiles; the fast one passes", async () => {
    const worse = await runCli(["compare", b, a, "--fail-on-regression", "--margin", "0.1"]);
    expect(worse.code, worse.stderr).toBe(3);
    expect(worse.stderr).toMatch(/infermark: concurrency 1 ttft p50: regression at margin 0\.1 /);
    expect(worse.stderr).toMatch(/6 not compared/); // TPOT of one-token answers, at two levels
    const better = await runCli(["compare", a, b, "--fail-on-regression", "--margin", "0.1"]);
    expect(better.code, better.stderr).toBe(0);
    expect(better.stderr).toMatch(/0 regression, 0 inconclusive, 12 non-inferior, 6 not compared/);
    const profile = await runCli(["compare", a, b, "--fail-on-regression", "--profile", "chatbot"]);
    expect(profile.code).toBe(2);
    expect(profile.stderr).toMatch(/--profile margins are for eval metrics/);
  }, 60_000);

  it("past the sample cap, the bootstrap resamples a seeded uniform sample and says how many of how many", () => {
    const s = loadBenchRunSample(a, 5);
    const first = s.levels[0]!.latency.ttft;
    expect(first.n).toBe(16);
    expect(first.values.length).toBe(5);
    // The shown percentile is still the summary's, over all 16 requests.
    expect(first.exact?.n).toBe(16);
    expect(loadBenchRunSample(a, 5).levels[0]!.latency.ttft.values).toEqual(first.values);
  });

  it("refuses an eval run beside a bench run in one line (exit 2)", async () => {
    const ev = join(tmp, "eval");
    mkdirSync(ev);
    writeFileSync(
      join(ev, "run.json"),
      JSON.stringify({
        schema: "infermark.run/1",
        kind: "eval",
        target: {},
        spec: { task: "t", scorers: ["exact"], limit: null, samples: 1, seed: 0 },
        api: "chat",
        prompt_hash: "x",
      }),
    );
    const res = await runCli(["compare", a, ev]);
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split("\n")).toEqual([
      `infermark: compare: ${a} is a bench run and ${ev} an eval run; compare two runs of one kind (eval, bench, or whole infermark runs)`,
    ]);
  }, 60_000);
});
