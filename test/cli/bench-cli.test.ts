import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnMockServer, type SpawnedMockServer } from "../../src/mock/spawn.js";
import { rawServer } from "../helpers/raw-server.js";
import { spawn } from "node:child_process";
import type { RequestRecord } from "../../src/records/record.js";
import { bothEnds } from "../helpers/mock-log.js";
import { CLI, cliEnv, runCli, SHARED_MODEL, type CliResult } from "../helpers/cli.js";

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
    const res = await runCli([
      "bench",
      "--target",
      mock.url,
      "--concurrency",
      "1,4",
      "--requests",
      "12",
      "--warmup",
      "2",
      "--input-tokens",
      "64:8",
      "--output-tokens",
      "20",
      "--out",
      out,
      "--json",
    ]);
    expect(res.code).toBe(0);
    const printed = JSON.parse(res.stdout) as {
      schema: string;
      levels: Array<{ load: unknown; requests: { sent: number; completed: number } }>;
    };
    const onDisk = readFileSync(join(out, "summary.json"), "utf8");
    expect(printed).toEqual(JSON.parse(onDisk));
    expect(printed.schema).toBe("infermark.bench/1");
    expect(printed.levels.map((l) => [l.load, l.requests.completed])).toEqual([
      [{ mode: "concurrency", value: 1 }, 12],
      [{ mode: "concurrency", value: 4 }, 12],
    ]);
    const records = lines(readFileSync(join(out, "records.jsonl"), "utf8")).map(
      (l) => JSON.parse(l) as { phase: string; schema: string },
    );
    expect(records).toHaveLength(28); // 2 levels × (2 warmup + 12 measured)
    expect(records.filter((r) => r.phase === "warmup")).toHaveLength(4);
    expect(records.every((r) => r.schema === "infermark.record/1")).toBe(true);
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as {
      schema: string;
      target: { models: { data: Array<{ id: string }> } };
      host: { node: string };
      command: string[];
    };
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

  it("prints tables on a pipe, with no progress bar, saying what summary.json says", async () => {
    const out = join(tmp, "run2");
    const from = (await mock.log()).length;
    // CI unset: only the pipe (stderr is not a TTY) keeps the progress bar off.
    const res = await runCli(
      ["bench", "--target", mock.url, "--requests", "3", "--output-tokens", "5", "--no-initial-request", "--out", out],
      { CI: "" },
    );
    expect(res.code).toBe(0);
    expect(res.stderr).not.toMatch(/\[[█░]+\]/);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as {
      levels: Array<{
        duration_s: number;
        latency_ms: Record<string, { n: number; mean: number; p50: number; p90: number; p95: number; p99: number }>;
        tokens: { input: number; output: number };
      }>;
    };
    const l = summary.levels[0]!;
    expect(res.stdout).toContain(`── level 0: concurrency 1 ── 3/3 completed in ${l.duration_s.toFixed(2)} s`);
    // Each latency row is the summary's distribution, to two decimals.
    const row = (name: string): string[] => {
      const line = res.stdout.split("\n").find((x) => x.startsWith(`│ ${name} `));
      expect(line, name).toBeDefined();
      return line!
        .split("│")
        .slice(2, -1)
        .map((c) => c.trim());
    };
    for (const [name, key] of [
      ["TTFT", "ttft"],
      ["TPOT", "tpot"],
      ["ITL", "itl"],
      ["ICL", "icl"],
      ["E2E", "e2e"],
    ] as const) {
      const d = l.latency_ms[key]!;
      expect(row(name), name).toEqual([
        String(d.n),
        d.mean.toFixed(2),
        d.p50.toFixed(2),
        d.p90.toFixed(2),
        d.p95.toFixed(2),
        d.p99.toFixed(2),
      ]);
    }
    // By the definitions: 3 requests of 5 tokens; TPOT and E2E per request; ITL has 4 gaps per request.
    expect(row("TTFT")[0]).toBe("3");
    expect(row("ITL")[0]).toBe("12");
    expect(l.tokens.output).toBe(15);
    // Prose wraps at 80 columns: read it as one text.
    expect(res.stdout.replace(/\n +/g, " ")).toContain(`(tokens: ${l.tokens.input} in, 15 out, counted by usage)`);
    expect(res.stdout).toContain("failures: 0");
    // The TTFT the table shows is no less than the server's own, request by request (its log).
    const records = lines(readFileSync(join(out, "records.jsonl"), "utf8")).map((x) => JSON.parse(x) as RequestRecord);
    const pairs = bothEnds(records, (await mock.log()).slice(from));
    expect(pairs).toHaveLength(3);
    for (const p of pairs) expect(p.clientTtft).toBeGreaterThanOrEqual(p.serverTtft - 1);
  });

  it("shows a progress bar on a real terminal (a pseudo-tty from `script`), and not when CI is set", async () => {
    // util-linux `script` runs the CLI on a pty: stdout and stderr are both that terminal.
    const inPty = (args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> => {
      const cmd = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
      return new Promise((resolve) => {
        const child = spawn("script", ["-qefc", cmd, "/dev/null"], {
          env: cliEnv(env),
          stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
      });
    };
    const args = (name: string): string[] => [
      "bench",
      "--target",
      mock.url,
      "--requests",
      "4",
      "--output-tokens",
      "5",
      "--no-initial-request",
      "--out",
      join(tmp, name),
    ];
    const tty = await inPty(args("tty"), { CI: "" });
    expect(tty.code, tty.stderr).toBe(0);
    // The bar starts at 0 of 4 and is drawn again as records arrive; the table still follows.
    // Then the live figures: rate, TTFT p50 so far, errors and ETA once a request has finished.
    expect(tty.stdout).toMatch(/level 0 c=1 \[░+\] 0\/4 {2}— req\/s {2}TTFT p50 — ms {2}err 0 {2}ETA —/);
    expect(tty.stdout).toMatch(
      /level 0 c=1 \[[█░]+\] [1-4]\/4 {2}\d+\.\d+ req\/s {2}TTFT p50 \d+(\.\d)? ms {2}err 0 {2}ETA \d+s/,
    );
    expect(tty.stdout).toContain("── level 0: concurrency 1 ── 4/4 completed");
    const ci = await inPty(args("tty-ci"), { CI: "true" });
    expect(ci.code, ci.stderr).toBe(0);
    expect(ci.stdout).not.toMatch(/\[[█░]+\]/);
    expect(ci.stdout).toContain("── level 0: concurrency 1 ── 4/4 completed");
  });

  it("never writes the API key, even when the server echoes it", async () => {
    const srv = await rawServer((req, res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: `bad key ${String(req.headers.authorization)}` }));
    });
    const out = join(tmp, "run3");
    const res = await runCli(
      ["bench", "--target", srv.url, "--requests", "2", "--out", out, "--api-key-env", "MY_KEY"],
      { MY_KEY: "sk-very-secret-1234" },
    );
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
    const res = await runCli(
      [
        "bench",
        "--target",
        slow.url,
        "--concurrency",
        "2",
        "--requests",
        "50",
        "--output-tokens",
        "40",
        "--out",
        out,
        "--json",
      ],
      {},
      (child) => {
        // Interrupt once the run is under way (two records on disk), however slow the machine is today.
        const poll = setInterval(() => {
          const onDisk = existsSync(join(out, "records.jsonl"))
            ? lines(readFileSync(join(out, "records.jsonl"), "utf8")).length
            : 0;
          if (onDisk < 2) return;
          clearInterval(poll);
          child.kill("SIGINT");
        }, 20);
      },
    );
    await slow.close();
    expect(res.code).toBe(130);
    expect(res.stderr).toContain("interrupted");
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as {
      levels: Array<{ requests: { sent: number; completed: number } }>;
    };
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
      [
        "unreachable server",
        ["bench", "--target", "http://127.0.0.1:1/v1"],
        /cannot reach http:\/\/127\.0\.0\.1:1\/v1\/models/,
      ],
      [
        "missing dataset",
        ["bench", "--target", "llama:" + SHARED_MODEL, "--dataset", join(tmp, "nope.jsonl")],
        /cannot read dataset/,
      ],
      ["missing GGUF", ["bench", "--target", "llama:" + join(tmp, "nope.gguf")], /model file not found/],
      ["corrupt GGUF", ["bench", "--target", "llama:" + corrupt], /cannot load .*corrupt\.gguf as a GGUF model/],
      [
        "engine-only params",
        ["bench", "--target", "llama:" + SHARED_MODEL, "--param", "foo=1"],
        /--param foo: the embedded engine takes only/,
      ],
      ["report of a non-run", ["report", tmp], /cannot read .*run\.json/],
      [
        "run directory already used",
        ["bench", "--target", "llama:" + SHARED_MODEL, "--out", join(tmp, "run1")],
        /run1 already holds a run/,
      ],
    ];
    for (const [name, args, message] of cases) {
      it(name, async () => {
        const res = await runCli(
          args[0] === "bench" && !args.includes("--out")
            ? [...args, "--out", join(tmp, `err-${name.replace(/\W/g, "")}`)]
            : args,
        );
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
    const summary = JSON.parse(miss.stdout) as {
      slo: Record<string, number>;
      levels: Array<{ goodput: { met: boolean; fraction: number } }>;
    };
    expect(summary.slo).toEqual({ "ttft.p50": 20 });
    expect(summary.levels[0]!.goodput).toMatchObject({ met: false, fraction: 0 });
    const meet = await runCli([...args, "--slo", "ttft.p50<1000", "--fail-on-slo", "--out", join(dir, "b")]);
    expect(meet.code).toBe(0);
  });

  it("--no-stream answers leave TPOT undefined: the term is n/a and --fail-on-slo passes a level whose requests all met the SLO", async () => {
    const dir = mkdtempSync(join(tmpdir(), "infermark-cli-"));
    const res = await runCli([
      "bench",
      "--target",
      mock.url,
      "--no-stream",
      "--concurrency",
      "2",
      "--requests",
      "6",
      "--output-tokens",
      "8",
      "--slo",
      "ttft.p95<5000,tpot.p95<1",
      "--fail-on-slo",
      "--out",
      join(dir, "ns"),
    ]);
    expect(res.stderr).not.toMatch(/SLO missed/);
    expect(res.code).toBe(0);
    expect(res.stdout.replace(/\n +/g, " ")).toMatch(/level meets ttft\.p95 \d+\.\d\d < 5000, tpot\.p95 n\/a/);
  });

  it("--sweep runs a synchronous level, a throughput level, then rates evenly spaced between their measured rates", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "infermark-cli-")), "run");
    const res = await runCli([
      "bench",
      "--target",
      mock.url,
      "--sweep",
      "2",
      "--max-concurrency",
      "4",
      "--requests",
      "8",
      "--output-tokens",
      "8",
      "--json",
      "--out",
      out,
    ]);
    expect(res.code).toBe(0);
    const levels = (
      JSON.parse(res.stdout) as { levels: Array<{ load: { mode: string; value: number }; achieved_rate: number }> }
    ).levels;
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
    expect(both.stderr.trim()).toBe(
      "infermark: --concurrency and --rate cannot be combined: choose one way to apply load",
    );
    const end = await runCli(["bench", "--target", mock.url, "--requests", "10", "--duration", "1"]);
    expect(end.code).toBe(2);
    expect(end.stderr.trim()).toBe(
      "infermark: --requests and --duration cannot be combined: a level ends after N requests or after S seconds",
    );
    const search = await runCli(["bench", "--target", mock.url, "--find-max"]);
    expect(search.code).toBe(2);
    expect(search.stderr).toMatch(/--find-max needs --slo/);
    const arrival = await runCli(["bench", "--target", mock.url, "--rate", "2", "--arrival", "bursty"]);
    expect(arrival.stderr.trim()).toMatch(/^infermark: --arrival "bursty": expected poisson, constant or gamma:CV/);
  });

  it("calibrate reports the client's TTFT error per thread count and load, in JSON", async () => {
    // TTFT 100 ms: the error is the client's TTFT minus the server's own (from its log), a few ms on
    // loopback. A calibration that did not subtract the server's TTFT would report 100 ms or more,
    // one that subtracted it twice about −100 ms: both far outside (0, 50).
    const res = await runCli([
      "calibrate",
      "--concurrency",
      "1,4",
      "--workers",
      "1,2",
      "--tokens",
      "8",
      "--ttft",
      "100",
      "--itl",
      "2",
      "--json",
    ]);
    expect(res.code).toBe(0);
    const c = JSON.parse(res.stdout) as {
      schema: string;
      bound_ms: number;
      rows: Array<{
        workers: number;
        concurrency: number;
        requests: number;
        ttft_error_ms: { p50: number; p99: number };
        tokens_per_s: number;
      }>;
      within_bound: Array<{ workers: number; concurrency: number | null; tokens_per_s: number | null }>;
    };
    expect(c.schema).toBe("infermark.calibrate/1");
    expect(c.rows.map((r) => [r.workers, r.concurrency, r.requests])).toEqual([
      [1, 1, 64],
      [1, 4, 64],
      [2, 1, 64],
      [2, 4, 64],
    ]);
    for (const r of c.rows) {
      // The client sees the first token after the server sent it (causality), and not long after.
      expect(r.ttft_error_ms.p50).toBeGreaterThan(0);
      expect(r.ttft_error_ms.p50).toBeLessThan(50);
      expect(r.ttft_error_ms.p99).toBeGreaterThanOrEqual(r.ttft_error_ms.p50);
      // The server's schedule is absolute (first token at 100 ms, then one every 2 ms): 8 tokens take
      // at least 114 ms, so no stream can beat 8 / 0.114 tok/s (10% for timer rounding); a sanity floor below.
      const ideal = r.concurrency * (8 / 0.114);
      expect(r.tokens_per_s).toBeLessThan(1.1 * ideal);
      expect(r.tokens_per_s).toBeGreaterThan(0.3 * ideal);
    }
    // Within bound, by its definition: per thread count, the highest load before the first row over the bound.
    expect(c.bound_ms).toBe(5);
    const expected = [1, 2].map((w) => {
      let best: (typeof c.rows)[number] | null = null;
      for (const r of c.rows.filter((x) => x.workers === w)) {
        if (r.ttft_error_ms.p50 > 5) break;
        best = r;
      }
      return { workers: w, concurrency: best?.concurrency ?? null, tokens_per_s: best?.tokens_per_s ?? null };
    });
    expect(c.within_bound).toEqual(expected);
  });
});
