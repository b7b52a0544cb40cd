import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnMockServer, type SpawnedMockServer } from "../../src/mock/spawn.js";
import { rawServer } from "../helpers/raw-server.js";
import { runCli, SHARED_MODEL } from "../helpers/cli.js";

const tmp = mkdtempSync(join(tmpdir(), "infermark-cli-"));
const lines = (s: string): string[] => s.split("\n").filter((l) => l.trim());

describe("infermark bench / report (CLI)", () => {
  let mock: SpawnedMockServer;
  beforeAll(async () => {
    mock = await spawnMockServer(["--ttft", "20", "--itl", "2"]);
  });
  afterAll(async () => {
    await mock?.close();
  });

  it("writes a run directory whose summary `report` reproduces exactly", async () => {
    const out = join(tmp, "run1");
    const res = await runCli(["bench", "--target", mock.url, "--concurrency", "1,4", "--requests", "12", "--warmup", "2", "--input-tokens", "64:8", "--output-tokens", "20", "--out", out, "--json"]);
    expect(res.code).toBe(0);
    const printed = JSON.parse(res.stdout) as { schema: string; levels: Array<{ load: unknown; requests: { sent: number; completed: number } }> };
    const onDisk = readFileSync(join(out, "summary.json"), "utf8");
    expect(printed).toEqual(JSON.parse(onDisk));
    expect(printed.schema).toBe("infermark.bench/1");
    expect(printed.levels.map((l) => [l.load, l.requests.completed])).toEqual([
      [{ mode: "concurrency", value: 1 }, 12],
      [{ mode: "concurrency", value: 4 }, 12],
    ]);
    const records = lines(readFileSync(join(out, "records.jsonl"), "utf8")).map((l) => JSON.parse(l) as { phase: string; schema: string });
    expect(records).toHaveLength(28); // 2 levels × (2 warmup + 12 measured)
    expect(records.filter((r) => r.phase === "warmup")).toHaveLength(4);
    expect(records.every((r) => r.schema === "infermark.record/1")).toBe(true);
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as { schema: string; target: { models: { data: Array<{ id: string }> } }; host: { node: string }; command: string[] };
    expect(run.schema).toBe("infermark.run/1");
    expect(run.target.models.data[0]!.id).toBe("mock-model");
    expect(run.host.node).toBe(process.version);
    expect(run.command).toContain("--concurrency");

    const report = await runCli(["report", out, "--json"]);
    expect(report.code).toBe(0);
    expect(report.stdout).toBe(onDisk);
    const table = await runCli(["report", out]);
    expect(table.stdout).toContain("concurrency 4");
    expect(table.stdout).toMatch(/TTFT/);
  });

  it("prints tables on a pipe, with no progress bar", async () => {
    const res = await runCli(["bench", "--target", mock.url, "--requests", "3", "--output-tokens", "5", "--out", join(tmp, "run2")]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("── level 0: concurrency 1 ── 3/3 completed");
    for (const m of ["TTFT", "TPOT", "ITL", "ICL", "E2E", "throughput:", "failures: 0"]) expect(res.stdout).toContain(m);
    expect(res.stderr).not.toMatch(/\[[█░]+\]/);
  });

  it("never writes the API key, even when the server echoes it", async () => {
    const srv = await rawServer((req, res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: `bad key ${String(req.headers.authorization)}` }));
    });
    const out = join(tmp, "run3");
    const res = await runCli(["bench", "--target", srv.url, "--requests", "2", "--out", out, "--api-key-env", "MY_KEY"], { MY_KEY: "sk-very-secret-1234" });
    await srv.close();
    expect(res.code).toBe(0);
    expect(srv.requests[0]!.headers.authorization).toBe("Bearer sk-very-secret-1234");
    for (const f of readdirSync(out)) expect(readFileSync(join(out, f), "utf8")).not.toContain("sk-very-secret-1234");
    expect(readFileSync(join(out, "records.jsonl"), "utf8")).toContain("[REDACTED]");
    expect(res.stdout).toContain("http_401 2");
  });

  it("on Ctrl-C stops sending, lets requests in flight finish, writes the summary and exits 130", async () => {
    const slow = await spawnMockServer(["--ttft", "50", "--itl", "20"]);
    const out = join(tmp, "run4");
    const res = await runCli(["bench", "--target", slow.url, "--concurrency", "2", "--requests", "50", "--output-tokens", "40", "--out", out, "--json"], {}, (child) => {
      // Interrupt once the run is under way (two records on disk), however slow the machine is today.
      const poll = setInterval(() => {
        const onDisk = existsSync(join(out, "records.jsonl")) ? lines(readFileSync(join(out, "records.jsonl"), "utf8")).length : 0;
        if (onDisk < 2) return;
        clearInterval(poll);
        child.kill("SIGINT");
      }, 20);
    });
    await slow.close();
    expect(res.code).toBe(130);
    expect(res.stderr).toContain("interrupted");
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as { levels: Array<{ requests: { sent: number; completed: number } }> };
    const records = lines(readFileSync(join(out, "records.jsonl"), "utf8"));
    expect(summary.levels[0]!.requests.sent).toBe(records.length);
    expect(records.length).toBeGreaterThanOrEqual(2);
    expect(records.length).toBeLessThan(50);
    expect(summary.levels[0]!.requests.completed).toBe(records.length); // the in-flight pair finished within the grace period
  });

  describe("user errors end with one line and exit code 2", () => {
    const corrupt = join(tmp, "corrupt.gguf");
    writeFileSync(corrupt, readFileSync(SHARED_MODEL).subarray(0, 600_000));
    const cases: Array<[string, string[], RegExp]> = [
      ["unknown flag", ["bench", "--bogus"], /unknown option '--bogus'/],
      ["bad concurrency", ["bench", "--concurrency", "1,x"], /--concurrency: expected positive integers/],
      ["malformed URL", ["bench", "--target", "http//nope"], /malformed target URL|unsupported target URL/],
      ["unreachable server", ["bench", "--target", "http://127.0.0.1:1/v1"], /cannot reach http:\/\/127\.0\.0\.1:1\/v1\/models/],
      ["missing dataset", ["bench", "--target", "llama:" + SHARED_MODEL, "--dataset", join(tmp, "nope.jsonl")], /cannot read dataset/],
      ["missing GGUF", ["bench", "--target", "llama:" + join(tmp, "nope.gguf")], /model file not found/],
      ["corrupt GGUF", ["bench", "--target", "llama:" + corrupt], /cannot load .*corrupt\.gguf as a GGUF model/],
      ["engine-only params", ["bench", "--target", "llama:" + SHARED_MODEL, "--param", "foo=1"], /--param foo: the embedded engine takes only/],
      ["report of a non-run", ["report", tmp], /cannot read .*run\.json/],
      ["run directory already used", ["bench", "--target", "llama:" + SHARED_MODEL, "--out", join(tmp, "run1")], /run1 already holds a run/],
    ];
    for (const [name, args, message] of cases) {
      it(name, async () => {
        const res = await runCli(args[0] === "bench" && !args.includes("--out") ? [...args, "--out", join(tmp, `err-${name.replace(/\W/g, "")}`)] : args);
        expect(res.code).toBe(2);
        expect(lines(res.stderr)).toHaveLength(1);
        expect(res.stderr).toMatch(message);
        expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace
      });
    }
  });
});

describe("infermark bench: open loop, SLOs and calibration (CLI)", () => {
  let mock: SpawnedMockServer;
  beforeAll(async () => {
    mock = await spawnMockServer(["--ttft", "40", "--itl", "5"]);
  });
  afterAll(() => mock.close());

  it("exits with code 3 under --fail-on-slo when a level misses, 0 when all meet", async () => {
    const dir = mkdtempSync(join(tmpdir(), "infermark-cli-"));
    const args = ["bench", "--target", mock.url, "--rate", "20", "--requests", "10", "--output-tokens", "8", "--json"];
    const miss = await runCli([...args, "--slo", "ttft.p50<20", "--fail-on-slo", "--out", join(dir, "a")]);
    expect(miss.code).toBe(3);
    expect(miss.stderr).toMatch(/SLO missed at 1 of 1 levels/);
    const summary = JSON.parse(miss.stdout) as { slo: Record<string, number>; levels: Array<{ goodput: { met: boolean; fraction: number } }> };
    expect(summary.slo).toEqual({ "ttft.p50": 20 });
    expect(summary.levels[0]!.goodput).toMatchObject({ met: false, fraction: 0 });
    const meet = await runCli([...args, "--slo", "ttft.p50<1000", "--fail-on-slo", "--out", join(dir, "b")]);
    expect(meet.code).toBe(0);
  });

  it("--no-stream answers leave TPOT undefined: the term is n/a and --fail-on-slo passes a level whose requests all met the SLO", async () => {
    const dir = mkdtempSync(join(tmpdir(), "infermark-cli-"));
    const res = await runCli(["bench", "--target", mock.url, "--no-stream", "--concurrency", "2", "--requests", "6", "--output-tokens", "8", "--slo", "ttft.p95<5000,tpot.p95<1", "--fail-on-slo", "--out", join(dir, "ns")]);
    expect(res.stderr).not.toMatch(/SLO missed/);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/level meets ttft\.p95 \d+\.\d\d < 5000, tpot\.p95 n\/a/);
  });

  it("--sweep runs a synchronous level, a throughput level, then rates evenly spaced between their measured rates", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "infermark-cli-")), "run");
    const res = await runCli(["bench", "--target", mock.url, "--sweep", "2", "--max-concurrency", "4", "--requests", "8", "--output-tokens", "8", "--json", "--out", out]);
    expect(res.code).toBe(0);
    const levels = (JSON.parse(res.stdout) as { levels: Array<{ load: { mode: string; value: number }; achieved_rate: number }> }).levels;
    expect(levels.map((l) => l.load.mode)).toEqual(["concurrency", "concurrency", "rate", "rate"]);
    expect(levels[0]!.load.value).toBe(1);
    expect(levels[1]!.load.value).toBe(4);
    const [lo, hi] = [levels[0]!.achieved_rate, levels[1]!.achieved_rate];
    expect(levels[2]!.load.value).toBeCloseTo(lo + (hi - lo) / 3, 9);
    expect(levels[3]!.load.value).toBeCloseTo(lo + (2 * (hi - lo)) / 3, 9);
  });

  it("refuses contradictory load flags and a search without an SLO, in one line", async () => {
    const both = await runCli(["bench", "--target", mock.url, "--rate", "2", "--concurrency", "4"]);
    expect(both.code).toBe(2);
    expect(both.stderr.trim()).toBe("infermark: --concurrency and --rate cannot be combined: choose one way to apply load");
    const search = await runCli(["bench", "--target", mock.url, "--find-max"]);
    expect(search.code).toBe(2);
    expect(search.stderr).toMatch(/--find-max needs --slo/);
    const arrival = await runCli(["bench", "--target", mock.url, "--rate", "2", "--arrival", "bursty"]);
    expect(arrival.stderr.trim()).toMatch(/^infermark: --arrival "bursty": expected poisson, constant or gamma:CV/);
  });

  it("calibrate reports the client's TTFT error per thread count and load, in JSON", async () => {
    const res = await runCli(["calibrate", "--concurrency", "1,4", "--workers", "1,2", "--tokens", "24", "--ttft", "30", "--itl", "4", "--json"]);
    expect(res.code).toBe(0);
    const c = JSON.parse(res.stdout) as { schema: string; rows: Array<{ workers: number; concurrency: number; ttft_error_ms: { p50: number; p99: number }; tokens_per_s: number }>; within_bound: Array<{ workers: number }> };
    expect(c.schema).toBe("infermark.calibrate/1");
    expect(c.rows.map((r) => [r.workers, r.concurrency])).toEqual([[1, 1], [1, 4], [2, 1], [2, 4]]);
    for (const r of c.rows) {
      // The client sees the first token after the server sent it, and not long after on loopback.
      expect(r.ttft_error_ms.p50).toBeGreaterThan(0);
      expect(r.ttft_error_ms.p50).toBeLessThan(30);
      // 24 tokens over 30 + 23·4 ms per request, times the streams.
      expect(r.tokens_per_s).toBeGreaterThan(0.7 * r.concurrency * (24 / 0.122));
    }
    expect(c.within_bound.map((w) => w.workers)).toEqual([1, 2]);
  });
});
