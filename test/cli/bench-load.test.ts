// The main command under load, as users run it: the built CLI against a server in another
// process, with default flags and on worker threads. The suite's in-process servers kept the event
// loop alive and hid a silent exit of the worker path.
import { mkdtempSync, readFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnMockServer, type SpawnedMockServer } from "../../src/mock/spawn.js";
import { rawServer } from "../helpers/raw-server.js";
import { runCli } from "../helpers/cli.js";

describe("bench with default flags at 64 and 128 streams", () => {
  let mock: SpawnedMockServer;
  const tmp = mkdtempSync(join(tmpdir(), "infermark-load-"));
  beforeAll(async () => {
    mock = await spawnMockServer(["--ttft", "20", "--itl", "2"]);
  });
  afterAll(async () => {
    await mock?.close();
  });

  const runAt = async (out: string, extra: string[]): Promise<number> => {
    const before = (await mock.log()).length;
    const res = await runCli([
      "bench",
      "--target",
      mock.url,
      "--concurrency",
      "64,128",
      "--requests",
      "256",
      "--out",
      out,
      "--json",
      ...extra,
    ]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).not.toMatch(/Warning|Error/);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as {
      levels: Array<{ requests: { completed: number; failed: number } }>;
    };
    expect(summary.levels.map((l) => l.requests)).toMatchObject([
      { completed: 256, failed: 0 },
      { completed: 256, failed: 0 },
    ]);
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as { workers: number };
    // The server saw every measured request in full, plus one short initial request per request thread.
    const log = (await mock.log()).slice(before);
    expect(log.filter((e) => e.tokens === 128)).toHaveLength(512);
    expect(log.filter((e) => e.tokens === 16)).toHaveLength(run.workers);
    expect(log).toHaveLength(512 + run.workers);
    return run.workers;
  };

  it("completes every level with default flags, on the threads --workers auto picks for this machine", async () => {
    const cores = availableParallelism();
    // The rule from its definition (docs/cli.md): min(4, cores − 1) from 32 streams when that is 2 or more.
    expect(await runAt(join(tmp, "default"), [])).toBe(cores >= 3 ? Math.min(4, cores - 1) : 1);
  }, 120_000);

  it("completes every level on worker threads, with no warning from Node", async () => {
    expect(await runAt(join(tmp, "workers"), ["--workers", "2"])).toBe(2);
  }, 120_000);
});

describe("CLI tests run clean", () => {
  it("never pass on the developer's API key or cache directory", async () => {
    const { cliEnv } = await import("../helpers/cli.js");
    const before = { key: process.env.OPENAI_API_KEY, cache: process.env.INFERMARK_CACHE_DIR };
    process.env.OPENAI_API_KEY = "sk-developer-key-0000";
    process.env.INFERMARK_CACHE_DIR = "/root/.cache/infermark";
    try {
      const env = cliEnv();
      expect(env.OPENAI_API_KEY).toBeUndefined();
      expect(env.INFERMARK_CACHE_DIR).not.toBe("/root/.cache/infermark");
      expect(env.INFERMARK_CACHE_DIR).toMatch(/infermark-test-cache-/);
      // A test that needs a key or a shared cache names it.
      expect(cliEnv({ OPENAI_API_KEY: "sk-test" }).OPENAI_API_KEY).toBe("sk-test");
    } finally {
      for (const [name, value] of [
        ["OPENAI_API_KEY", before.key],
        ["INFERMARK_CACHE_DIR", before.cache],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});

describe("bench flags added for the client under load, through the CLI", () => {
  let mock: SpawnedMockServer;
  const tmp = mkdtempSync(join(tmpdir(), "infermark-flags-"));
  beforeAll(async () => {
    mock = await spawnMockServer(["--ttft", "5", "--itl", "1"]);
  });
  afterAll(async () => {
    await mock?.close();
  });

  it("sends one initial request by default, and none with --no-initial-request", async () => {
    const runs: Array<[string, string[], number]> = [
      ["default", [], 1],
      ["off", ["--no-initial-request"], 0],
    ];
    for (const [name, extra, initial] of runs) {
      const from = (await mock.log()).length;
      const out = join(tmp, name);
      const res = await runCli([
        "bench",
        "--target",
        mock.url,
        "--requests",
        "3",
        "--output-tokens",
        "8",
        "--out",
        out,
        ...extra,
      ]);
      expect(res.code, res.stderr).toBe(0);
      const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as {
        initial_requests: { sent: number; failed: number } | null;
      };
      expect(run.initial_requests === null ? 0 : run.initial_requests.sent).toBe(initial);
      // The server saw the measured requests plus the initial one; records hold only the measured.
      expect((await mock.log()).length - from).toBe(3 + initial);
      expect(readFileSync(join(out, "records.jsonl"), "utf8").trim().split("\n")).toHaveLength(3);
    }
  });
});

describe("--max-response-mb through the CLI", () => {
  it("fails a response past the cap as response_too_large and keeps the run going", async () => {
    const srv = await rawServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const frame = `data: {"choices":[{"index":0,"delta":{"content":"${"x".repeat(1000)}"}}]}\n\n`;
      res.end(frame.repeat(2000) + "data: [DONE]\n\n");
    });
    try {
      const out = join(mkdtempSync(join(tmpdir(), "infermark-cap-")), "run");
      const res = await runCli([
        "bench",
        "--target",
        srv.url,
        "--requests",
        "2",
        "--max-response-mb",
        "1",
        "--no-initial-request",
        "--out",
        out,
        "--json",
      ]);
      expect(res.code, res.stderr).toBe(0);
      const summary = JSON.parse(res.stdout) as {
        levels: Array<{ requests: { failed: number; errors: Record<string, number> } }>;
      };
      expect(summary.levels[0]?.requests.errors).toEqual({ response_too_large: 2 });
    } finally {
      await srv.close();
    }
  });
});
