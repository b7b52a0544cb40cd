import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnMockServer, type SpawnedMockServer } from "../../src/mock/spawn.js";
import { runCli, type CliResult } from "../helpers/cli.js";

const tmp = mkdtempSync(join(tmpdir(), "infermark-levels-"));

interface Dist {
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}
interface Level {
  level: number;
  achieved_rate: number;
  requests: { completed: number };
  latency_ms: { ttft: Dist; tpot: Dist; e2e: Dist };
  throughput: { output_tokens_per_s: number };
  goodput: { requests_per_s: number; fraction: number; met: boolean } | null;
}
const summaryOf = (dir: string): { levels: Level[] } =>
  JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as { levels: Level[] };

// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, "");

/** The rows of the levels section's two tables, as cells: the latency table first, then the rates table. */
function levelsTables(stdout: string): { latency: string[][]; rates: string[][] } {
  const lines = stdout.split("\n");
  const start = lines.findIndex((l) => l.startsWith("── levels ──"));
  expect(start, "levels title").toBeGreaterThanOrEqual(0);
  const rest = lines.slice(start + 1);
  const blank = rest.indexOf("");
  // Each table: a group-label line, a heading line, then one row per level.
  const rows = (ls: string[]): string[][] =>
    ls.filter((l) => /^\s+\d+ {2}/.test(l)).map((l) => l.trim().split(/\s{2,}/));
  return { latency: rows(rest.slice(0, blank)), rates: rows(rest.slice(blank + 1)) };
}

/** A table cell shows the summary's value to about three significant digits. */
function shows(cell: string | undefined, value: number | null): void {
  if (value === null) return expect(cell).toBe("—");
  const a = Math.abs(value);
  const step = a < 10 ? 0.01 : a < 100 ? 0.1 : 1;
  expect(Math.abs(Number(cell) - value), `${cell} vs ${value}`).toBeLessThanOrEqual(step / 2 + 1e-9);
}

/** Every line of every bench table (the bordered per-level tables and the levels tables) fits 80 columns. */
function tableLinesFit(stdout: string): void {
  const lines = stripAnsi(stdout).split("\n");
  const start = lines.findIndex((l) => l.startsWith("── levels ──"));
  const boxed = lines.filter((l) => /^[┌│├└]/.test(l));
  expect(boxed.length).toBeGreaterThan(0);
  for (const l of [...boxed, ...lines.slice(start)]) expect(l.length, l).toBeLessThanOrEqual(80);
}

describe("bench: one row per level, CSV, p95, report --slo (CLI)", () => {
  let mock: SpawnedMockServer;
  let out: string;
  let bench: CliResult;
  const csvFile = join(tmp, "levels.csv");
  // The mock's first token comes 100 ms after a request arrives, then one token every 10 ms.
  beforeAll(async () => {
    mock = await spawnMockServer(["--ttft", "100", "--itl", "10"]);
    out = join(tmp, "run");
    bench = await runCli([
      "bench",
      "--target",
      mock.url,
      "--concurrency",
      "1,2",
      "--requests",
      "4",
      "--output-tokens",
      "5",
      "--input-tokens",
      "16",
      "--no-initial-request",
      "--slo",
      "ttft.p95<5000",
      "--csv",
      csvFile,
      "--out",
      out,
    ]);
  });
  afterAll(async () => {
    await mock?.close();
  });

  it("prints a levels table after the per-level detail, one row per level, with the summary's values", () => {
    expect(bench.code, bench.stderr).toBe(0);
    const text = bench.stdout;
    expect(text.indexOf("── levels ──")).toBeGreaterThan(text.lastIndexOf("── level 1: concurrency 2"));
    const { latency, rates } = levelsTables(text);
    const s = summaryOf(out);
    expect(latency).toHaveLength(2);
    expect(rates).toHaveLength(2);
    for (const [i, l] of s.levels.entries()) {
      const lat = latency[i]!;
      // level, load, n, TTFT p50 p95 p99, TPOT p50 p95, E2E p95
      expect(lat.slice(0, 3)).toEqual([String(i), `conc ${i + 1}`, "4"]);
      shows(lat[3], l.latency_ms.ttft.p50);
      shows(lat[4], l.latency_ms.ttft.p95);
      shows(lat[5], l.latency_ms.ttft.p99);
      shows(lat[6], l.latency_ms.tpot.p50);
      shows(lat[7], l.latency_ms.tpot.p95);
      shows(lat[8], l.latency_ms.e2e.p95);
      // By the mock's schedule: the first token no sooner than 100 ms, the fifth no sooner than 140 ms.
      expect(Number(lat[3])).toBeGreaterThanOrEqual(100);
      expect(Number(lat[8])).toBeGreaterThanOrEqual(140);
      const r = rates[i]!;
      expect(r.slice(0, 2)).toEqual([String(i), `conc ${i + 1}`]);
      shows(r[2], l.achieved_rate);
      shows(r[3], l.throughput.output_tokens_per_s);
      // 5 tokens per request: output throughput is five times the achieved rate.
      expect(l.throughput.output_tokens_per_s).toBeCloseTo(5 * l.achieved_rate, 6);
      // Every request's TTFT is far below 5 s: goodput is the whole achieved rate.
      shows(r[4], l.achieved_rate);
      expect(r[5]).not.toContain("SLO missed");
    }
  });

  it("shows p95 in the per-level latency tables", () => {
    const head = bench.stdout.split("\n").find((l) => l.startsWith("│ ms "));
    expect(head?.split("│").map((c) => c.trim())).toEqual(["", "ms", "n", "mean", "p50", "p90", "p95", "p99", ""]);
    const s = summaryOf(out);
    const ttft = bench.stdout.split("\n").find((l) => l.startsWith("│ TTFT "));
    expect(ttft?.split("│")[6]?.trim()).toBe(s.levels[0]!.latency_ms.ttft.p95!.toFixed(2));
  });

  it("writes --csv and summary.csv: a header with units, one row per level, summary.json's values unrounded", () => {
    const csv = readFileSync(csvFile, "utf8");
    expect(readFileSync(join(out, "summary.csv"), "utf8")).toBe(csv);
    const rows = parseCsv<Record<string, string>>(csv, { columns: true });
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0]!)).toEqual(
      expect.arrayContaining(["ttft_p50_ms", "ttft_p95_ms", "ttft_p99_ms", "tpot_p95_ms", "e2e_p95_ms", "goodput_rps"]),
    );
    for (const [i, l] of summaryOf(out).levels.entries()) {
      const row = rows[i]!;
      expect(row.level).toBe(String(l.level));
      expect(row.mode).toBe("concurrency");
      expect(row.concurrency).toBe(String(i + 1));
      // A rate level's columns do not apply to a concurrency level: empty, not 0.
      expect(row.rate_rps).toBe("");
      expect(row.offered_rps).toBe("");
      expect(Number(row.completed)).toBe(l.requests.completed);
      expect(Number(row.ttft_p50_ms)).toBe(l.latency_ms.ttft.p50);
      expect(Number(row.ttft_p95_ms)).toBe(l.latency_ms.ttft.p95);
      expect(Number(row.ttft_p99_ms)).toBe(l.latency_ms.ttft.p99);
      expect(Number(row.tpot_p95_ms)).toBe(l.latency_ms.tpot.p95);
      expect(Number(row.e2e_p95_ms)).toBe(l.latency_ms.e2e.p95);
      expect(Number(row.achieved_rps)).toBe(l.achieved_rate);
      expect(Number(row.output_tok_per_s)).toBe(l.throughput.output_tokens_per_s);
      expect(Number(row.goodput_rps)).toBe(l.goodput!.requests_per_s);
      expect(Number(row.goodput_fraction)).toBe(1);
    }
  });

  it("report --slo re-judges the run from its records and leaves summary.json and summary.csv as they were", async () => {
    const before = readFileSync(join(out, "summary.json"), "utf8");
    const csvBefore = readFileSync(join(out, "summary.csv"), "utf8");
    const rejudged = join(tmp, "rejudged.csv");
    // No TTFT can be below 50 ms when the server waits 100 ms: every request misses.
    const html = join(tmp, "rejudged.html");
    const res = await runCli(["report", out, "--slo", "ttft.p95<50", "--csv", rejudged, "--html", html]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/SLO ttft\.p95<50 applied after the fact \(the run's own: ttft\.p95<5000\)/);
    expect(res.stdout.replace(/\n +/g, " ")).toMatch(/level MISSES ttft\.p95 \d+\.\d+ ≥ 50/);
    const { rates } = levelsTables(res.stdout);
    expect(rates).toHaveLength(2);
    for (const r of rates) {
      expect(r[4]).toBe("0.00");
      expect(r[5]).toContain("SLO missed");
    }
    const rows = parseCsv<Record<string, string>>(readFileSync(rejudged, "utf8"), { columns: true });
    expect(rows.map((r) => [r.goodput_rps, r.goodput_fraction])).toEqual([
      ["0", "0"],
      ["0", "0"],
    ]);
    // The HTML page shows the same re-judged goodput: no request met the SLO.
    expect(readFileSync(html, "utf8").match(/<td>0 req\/s \(0 %\)<\/td>/g)).toHaveLength(2);
    expect(readFileSync(join(out, "summary.json"), "utf8")).toBe(before);
    expect(readFileSync(join(out, "summary.csv"), "utf8")).toBe(csvBefore);
    // Without --slo, report gives the run's own verdicts back.
    const plain = await runCli(["report", out]);
    for (const r of levelsTables(plain.stdout).rates) expect(r[5]).not.toContain("SLO missed");
  });

  it("report rebuilds summary.csv with summary.json for a run that lost them", async () => {
    const copy = join(tmp, "copy");
    cpSync(out, copy, { recursive: true });
    rmSync(join(copy, "summary.json"));
    rmSync(join(copy, "summary.csv"));
    const res = await runCli(["report", copy]);
    expect(res.code, res.stderr).toBe(0);
    expect(readFileSync(join(copy, "summary.csv"), "utf8")).toBe(readFileSync(join(out, "summary.csv"), "utf8"));
    expect(readFileSync(join(copy, "summary.json"), "utf8")).toBe(readFileSync(join(out, "summary.json"), "utf8"));
  });

  it("bad input is one clear line: a malformed --slo, --slo with --compat, a --csv in no directory", async () => {
    const oneLine = (r: CliResult, msg: RegExp): void => {
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(msg);
    };
    oneLine(await runCli(["report", out, "--slo", "ttft.p95<"]), /^infermark: --slo "ttft\.p95<"/);
    oneLine(
      await runCli(["report", out, "--slo", "ttft.p95<50", "--compat", "vllm"]),
      /^infermark: --slo and --compat cannot be combined/,
    );
    // Checked before the run, so no request is sent and no run directory is left.
    const never = join(tmp, "never");
    const from = (await mock.log()).length;
    oneLine(
      await runCli([
        "bench",
        "--target",
        mock.url,
        "--requests",
        "2",
        "--csv",
        join(tmp, "no-dir", "x.csv"),
        "--out",
        never,
      ]),
      /^infermark: --csv .*no-dir.* is not an existing directory/,
    );
    expect(existsSync(never)).toBe(false);
    expect((await mock.log()).length).toBe(from);
  });

  it("every bench table line fits 80 columns, also for rate levels without an SLO", async () => {
    tableLinesFit(bench.stdout);
    const rateOut = join(tmp, "rate");
    const res = await runCli([
      "bench",
      "--target",
      mock.url,
      "--rate",
      "20,40",
      "--max-concurrency",
      "8",
      "--requests",
      "4",
      "--output-tokens",
      "3",
      "--input-tokens",
      "16",
      "--no-initial-request",
      "--out",
      rateOut,
    ]);
    expect(res.code, res.stderr).toBe(0);
    tableLinesFit(res.stdout);
    expect(res.stdout).toContain("── levels ── n: completed requests; goodput needs --slo");
    const { latency, rates } = levelsTables(res.stdout);
    expect(latency.map((r) => r[1])).toEqual(["20.0/s", "40.0/s"]);
    // No SLO: goodput does not apply, so the table says — and the CSV leaves the cell empty.
    expect(rates.map((r) => r[4])).toEqual(["—", "—"]);
    const rows = parseCsv<Record<string, string>>(readFileSync(join(rateOut, "summary.csv"), "utf8"), {
      columns: true,
    });
    expect(rows.map((r) => [r.mode, r.rate_rps, r.max_concurrency, r.concurrency, r.goodput_rps])).toEqual([
      ["rate", "20", "8", "", ""],
      ["rate", "40", "8", "", ""],
    ]);
  });
});
