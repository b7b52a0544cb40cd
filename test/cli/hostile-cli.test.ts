import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnMockServer } from "../../src/mock/spawn.js";
import { runCli } from "../helpers/cli.js";
import { rawServer } from "../helpers/raw-server.js";

// What a user sees when infermark meets a server, a path or a file it cannot trust: one line, exit 2, no hang, no secret on disk.

const tmp = mkdtempSync(join(tmpdir(), "infermark-hostile-"));
const lines = (s: string): string[] => s.split("\n").filter((l) => l.trim());
const sse = (frames: string[]): string => frames.map((f) => `data: ${f}\n\n`).join("");
const answer = (content: string): string =>
  sse([`{"choices":[{"delta":{"content":${JSON.stringify(content)}},"finish_reason":"stop"}]}`, "[DONE]"]);
const okServer = (): ReturnType<typeof rawServer> =>
  rawServer((_req, res) => (res.writeHead(200, { "content-type": "text/event-stream" }), res.end(answer("Answer: 4"))));

function expectOneLineUserError(res: { code: number | null; stderr: string }, message: RegExp): void {
  expect(res.code).toBe(2);
  expect(lines(res.stderr)).toHaveLength(1);
  expect(res.stderr).toMatch(message);
  expect(res.stderr).not.toMatch(/\n\s+at /);
}

/** A task file for eval: four arithmetic questions. */
function evalTask(dir: string, name = "questions.jsonl", text?: string): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    text ??
      [1, 2, 3, 4].map((i) => JSON.stringify({ id: `q${i}`, input: `What is ${i} + 3?`, target: i + 3 })).join("\n") +
        "\n",
  );
  return path;
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe("hostile servers and paths (CLI)", () => {
  let server: Awaited<ReturnType<typeof rawServer>>;
  beforeAll(async () => {
    server = await okServer();
  });
  afterAll(() => server.close());

  it("a /models answer dripping a byte every second ends with one line within --timeout", async () => {
    const drip = await rawServer(
      (_req, res) => res.end(),
      (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        const timer = setInterval(() => res.write(" "), 1000);
        res.on("close", () => clearInterval(timer));
      },
    );
    const out = join(tmp, "drip");
    const t0 = performance.now();
    const res = await runCli(["bench", "--target", drip.url, "--timeout", "2", "--requests", "1", "--out", out]);
    const s = (performance.now() - t0) / 1000;
    await drip.close();
    expectOneLineUserError(res, /gave no complete answer within 2 s/);
    expect(s).toBeLessThan(2 + 3); // node start-up and the margin
    expect(existsSync(out)).toBe(false);
  });

  it("a /models answer nested 100,000 deep is one line", async () => {
    const deep = await rawServer(
      (_req, res) => res.end(),
      (_req, res) => (
        res.writeHead(200, { "content-type": "application/json" }),
        res.end(`{"data":${"[".repeat(100_000)}${"]".repeat(100_000)}}`)
      ),
    );
    const res = await runCli(["bench", "--target", deep.url, "--requests", "1", "--out", join(tmp, "deep")]);
    await deep.close();
    expectOneLineUserError(res, /lists no model \(its answer nests deeper than 64 levels\)/);
  });

  describe("--out where no run directory can be: one line, exit 2, at once (bench and eval)", () => {
    const file = join(tmp, "a-file");
    writeFileSync(file, "not a directory\n");
    const readOnly = join(tmp, "read-only");
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    const places: Array<[string, string, RegExp]> = [
      ["an existing file", file, /a-file exists and is not a directory/],
      ["a path below a file", join(file, "run"), /a-file is not a directory/],
      ["/proc/x", "/proc/infermark-x", /cannot create run directory \/proc\/infermark-x \(ENOENT/],
    ];
    // root writes through a mode-555 directory: there, a read-only file system stands in.
    if (process.getuid?.() !== 0)
      places.push(["a read-only directory", join(readOnly, "run"), /read-only is not writable/]);
    else if (existsSync("/sys/kernel"))
      places.push(["a read-only file system", "/sys/infermark-x", /cannot create run directory \/sys\/infermark-x/]);
    for (const [name, out, message] of places) {
      it(name, async () => {
        const t0 = performance.now();
        const bench = await runCli(["bench", "--target", server.url, "--requests", "1", "--out", out]);
        expectOneLineUserError(bench, message);
        const evalRun = await runCli(["eval", "--target", server.url, "--task", evalTask(tmp), "--out", out], {
          INFERMARK_CACHE_DIR: join(tmp, "cache-out"),
        });
        expectOneLineUserError(evalRun, message);
        expect(performance.now() - t0).toBeLessThan(15_000);
      });
    }
  });

  it("a cache directory that cannot be made (INFERMARK_CACHE_DIR=/proc/x) is one line, not a spin", async () => {
    const res = await runCli(
      ["eval", "--target", server.url, "--task", evalTask(tmp), "--out", join(tmp, "proc-cache")],
      { INFERMARK_CACHE_DIR: "/proc/infermark-cache" },
    );
    expectOneLineUserError(res, /cannot create response cache directory \/proc\/infermark-cache \(ENOENT/);
  });

  it("an unreachable server leaves no run directory behind (bench and eval)", async () => {
    const bench = join(tmp, "gone", "bench");
    expectOneLineUserError(
      await runCli(["bench", "--target", "http://127.0.0.1:1/v1", "--out", bench]),
      /cannot reach/,
    );
    expect(existsSync(join(tmp, "gone"))).toBe(false);
    const evalOut = join(tmp, "gone", "eval");
    expectOneLineUserError(
      await runCli(["eval", "--target", "http://127.0.0.1:1/v1", "--task", evalTask(tmp), "--out", evalOut], {
        INFERMARK_CACHE_DIR: join(tmp, "cache-gone"),
      }),
      /cannot reach/,
    );
    expect(existsSync(join(tmp, "gone"))).toBe(false);
  });

  it("files starting with a UTF-8 byte-order mark are read: bench --dataset JSONL, eval JSONL and CSV", async () => {
    const bom = "\uFEFF";
    const dataset = join(tmp, "bom-dataset.jsonl");
    writeFileSync(dataset, bom + ['{"prompt":"one"}', '{"prompt":"two"}'].join("\n") + "\n");
    const bench = await runCli([
      "bench",
      "--target",
      server.url,
      "--dataset",
      dataset,
      "--requests",
      "2",
      "--out",
      join(tmp, "bom-bench"),
      "--json",
    ]);
    expect(bench.stderr).toBe(`run directory: ${join(tmp, "bom-bench")}\n`);
    expect(bench.code).toBe(0);
    const jsonl = evalTask(
      tmp,
      "bom.jsonl",
      bom + [1, 2].map((i) => JSON.stringify({ input: `What is ${i} + 3?`, target: i + 3 })).join("\n") + "\n",
    );
    const csv = evalTask(tmp, "bom.csv", `${bom}input,target\nWhat is 1 + 3?,4\nWhat is 0 + 4?,4\n`);
    for (const task of [jsonl, csv]) {
      const res = await runCli(
        ["eval", "--target", server.url, "--task", task, "--out", join(tmp, `bom-eval-${task.slice(-3)}`), "--json"],
        { INFERMARK_CACHE_DIR: join(tmp, "cache-bom") },
      );
      expect(res.code, res.stderr).toBe(0);
      const summary = JSON.parse(res.stdout) as { tasks: Array<{ n: number }> };
      expect(summary.tasks[0]!.n).toBe(2);
    }
  });
});

describe("no secret on disk, whatever the server echoes", () => {
  const KEY = 'sk-hostile"quote\\back-5678';
  const OTHER_KEY = "sk-second-key-0000";
  const uEscaped = (s: string): string =>
    [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
  const forms = [
    KEY,
    JSON.stringify(KEY).slice(1, -1),
    uEscaped(KEY),
    JSON.stringify(uEscaped(KEY)).slice(1, -1),
    encodeURIComponent(KEY),
  ];
  const keyOf = (req: IncomingMessage): string => String(req.headers.authorization).replace(/^Bearer /, "");

  /** Echoes the caller's key in the answer: raw, JSON-escaped and as literal \u escapes; every third request fails with the key in an error body. */
  let n = 0;
  const echo = (req: IncomingMessage, res: ServerResponse): void => {
    const key = keyOf(req);
    if (++n % 3 === 0) {
      res.writeHead(401, { "content-type": "application/json" });
      return void res.end(`{"error":{"message":"bad key ${uEscaped(key)} (${JSON.stringify(key).slice(1, -1)})"}}`);
    }
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.end(answer(`Answer: 4 ${key} ${uEscaped(key)} ${JSON.stringify(key)}`));
  };

  function expectNoKey(paths: string[], keyForms: string[]): void {
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) {
      const bytes = readFileSync(p).toString("latin1"); // SQLite pages too: byte-wise
      const text = readFileSync(p, "utf8");
      for (const f of keyForms) {
        expect(text.includes(f), `${p} holds ${f}`).toBe(false);
        expect(bytes.includes(Buffer.from(f).toString("latin1")), `${p} holds ${f}`).toBe(false);
      }
    }
  }

  it("bench: no file of the run directory holds the key in any form", async () => {
    const srv = await rawServer(
      echo,
      (req, res) => (
        res.writeHead(200, { "content-type": "application/json" }),
        res.end(JSON.stringify({ data: [{ id: "m", owner: keyOf(req) }] }))
      ),
    );
    const out = join(tmp, "secret-bench");
    const res = await runCli(
      ["bench", "--target", srv.url, "--requests", "6", "--api-key-env", "HOSTILE_KEY", "--out", out, "--json"],
      { HOSTILE_KEY: KEY },
    );
    await srv.close();
    expect(res.code).toBe(0);
    const summary = JSON.parse(res.stdout) as {
      target: { models: { data: Array<{ owner: string }> } };
      levels: Array<{ requests: { errors: Record<string, number> } }>;
    };
    expect(summary.levels[0]!.requests.errors).toEqual({ http_401: 2 });
    // Printed like it is written: --json output often lands in a file.
    expect(summary.target.models.data[0]!.owner).toBe("[REDACTED]");
    for (const f of forms) expect(res.stdout).not.toContain(f);
    expectNoKey(filesUnder(out), forms);
    expect(readFileSync(join(out, "records.jsonl"), "utf8")).toContain("[REDACTED]");
  });

  it("eval: neither the run directory nor the response cache holds the key; a replay under another key carries no old key", async () => {
    const srv = await rawServer(echo);
    const cache = mkdtempSync(join(tmpdir(), "infermark-cache-"));
    const task = evalTask(tmp, "secret.jsonl");
    const first = join(tmp, "secret-eval-1");
    const res = await runCli(
      ["eval", "--target", srv.url, "--task", task, "--api-key-env", "HOSTILE_KEY", "--out", first, "--json"],
      { HOSTILE_KEY: KEY, INFERMARK_CACHE_DIR: cache },
    );
    expect(res.code, res.stderr).toBe(0);
    expectNoKey([...filesUnder(first), ...filesUnder(cache)], forms);
    // The same requests under another key: answered from the cache (no request reaches the server), with no trace of the first key.
    const asked = srv.requests.length;
    const second = join(tmp, "secret-eval-2");
    const replay = await runCli(
      ["eval", "--target", srv.url, "--task", task, "--api-key-env", "HOSTILE_KEY", "--out", second, "--json"],
      { HOSTILE_KEY: OTHER_KEY, INFERMARK_CACHE_DIR: cache },
    );
    await srv.close();
    expect(replay.code, replay.stderr).toBe(0);
    expect(srv.requests.length).toBe(asked + 1); // only the 401 answer was not cached and is asked again
    const records = readFileSync(join(second, "records.jsonl"), "utf8");
    expect(records).toContain('"cached":true');
    expectNoKey([...filesUnder(second), ...filesUnder(cache)], [...forms, OTHER_KEY]);
  });
});

describe("a crash mid-level (kill -9)", () => {
  it("report says the level was cut, with what was planned and what is on disk", async () => {
    const mock = await spawnMockServer(["--ttft", "10", "--itl", "5"]);
    const out = join(tmp, "killed");
    const killed = await runCli(
      [
        "bench",
        "--target",
        mock.url,
        "--concurrency",
        "2,4",
        "--requests",
        "100000",
        "--output-tokens",
        "8",
        "--out",
        out,
      ],
      {},
      (child) => {
        const poll = setInterval(() => {
          // Kill once a few records are on disk.
          if (
            existsSync(join(out, "records.jsonl")) &&
            lines(readFileSync(join(out, "records.jsonl"), "utf8")).length >= 20
          ) {
            clearInterval(poll);
            child.kill("SIGKILL");
          }
        }, 50);
        child.on("close", () => clearInterval(poll));
      },
    );
    const served = (await mock.log()).length;
    await mock.close();
    expect(killed.signal).toBe("SIGKILL");
    const recorded = lines(readFileSync(join(out, "records.jsonl"), "utf8")).map(
      (l) => JSON.parse(l) as { id: number },
    );
    const onDisk = recorded.length;
    // Sent but never recorded: the ids below the highest recorded one that have no record.
    const gaps = Math.max(...recorded.map((r) => r.id)) + 1 - new Set(recorded.map((r) => r.id)).size;
    const res = await runCli(["report", out, "--json"]);
    expect(res.code, res.stderr).toBe(0);
    const summary = JSON.parse(res.stdout) as {
      levels: Array<{
        level: number;
        requests: { sent: number };
        cut?: {
          reason: string;
          planned: { requests: number; measure: { requests: number } };
          on_disk: { records: number; measure: number };
          missing_ids: number;
        };
      }>;
      levels_not_run?: Array<{ level: number; load: { mode: string; value: number } }>;
    };
    const cut = summary.levels[0]!.cut;
    expect(cut).toMatchObject({
      reason: "no_level_line",
      planned: { requests: 100_000, measure: { requests: 100_000 } },
      on_disk: { records: onDisk, measure: onDisk },
    });
    expect(cut!.missing_ids).toBe(gaps);
    expect(cut!.missing_ids).toBeLessThanOrEqual(2); // at most the two in flight
    // The server saw every recorded request and every one the report says went missing.
    expect(served).toBeGreaterThanOrEqual(onDisk + cut!.missing_ids);
    expect(summary.levels_not_run).toEqual([{ level: 1, load: { mode: "concurrency", value: 4 } }]);
    const table = await runCli(["report", out]);
    expect(table.stdout).toContain(`${onDisk}/${onDisk} completed`);
    // Prose wraps at 80 columns: read it as one text.
    expect(table.stdout.replace(/\n +/g, " ")).toMatch(
      /— CUT\nCUT: the run died during this level \(no line in levels\.jsonl\): planned 100000 requests \(warmup 0, measure 100000, cooldown 0\), on disk \d+ records/,
    );
    expect(table.stdout).toContain("not run: level 1: concurrency 4 — the run stopped before it");
  });
});
