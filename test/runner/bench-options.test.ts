import { mkdtempSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { autoWorkers } from "../../src/runner/auto-workers.js";
import { resolveBenchOptions, type BenchFlags } from "../../src/runner/bench-options.js";
import { bench } from "../../src/runner/bench-session.js";
import { SHARED_MODEL } from "../helpers/cli.js";

const URL = "http://127.0.0.1:8000/v1";

/** The flags of `infermark bench --target URL` with the CLI's defaults. */
function flags(over: Partial<BenchFlags> = {}): BenchFlags {
  return {
    target: URL,
    api: "chat",
    param: {},
    timeout: 600,
    maxResponseMb: 256,
    threads: 1,
    parallel: 1,
    ctxSize: 2048,
    stream: true,
    initialRequest: true,
    arrival: "poisson",
    repeats: 2,
    precision: 0.1,
    maxProbes: 12,
    sloMargin: 0.02,
    failOnSlo: false,
    rampUp: 0,
    warmup: { requests: 0 },
    cooldown: { requests: 0 },
    workers: "auto",
    inputTokens: "256",
    outputTokens: "128",
    ignoreEos: false,
    sharedPrefix: 0,
    seed: 0,
    out: "runs/x",
    command: ["infermark", "bench"],
    ...over,
  };
}

function userError(f: BenchFlags): string {
  try {
    resolveBenchOptions(f);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as Error).message;
  }
  throw new Error("expected a user error");
}

describe("resolveBenchOptions: the mode rules of infermark bench", () => {
  it("refuses two ways to apply load, naming both", () => {
    expect(userError(flags({ concurrency: [4], rate: [2] }))).toBe(
      "--concurrency and --rate cannot be combined: choose one way to apply load",
    );
    expect(userError(flags({ sweep: 3, findMax: true, slo: "ttft.p95<500" }))).toBe(
      "--sweep and --find-max cannot be combined: choose one way to apply load",
    );
  });

  it("a search and --fail-on-slo need an SLO; a bad arrival process is refused", () => {
    expect(userError(flags({ findMax: true }))).toMatch(/^--find-max needs --slo/);
    expect(userError(flags({ failOnSlo: true }))).toBe("--fail-on-slo needs --slo");
    expect(userError(flags({ rate: [2], arrival: "bursty" }))).toMatch(
      /^--arrival "bursty": expected poisson, constant or gamma:CV/,
    );
  });

  it("a level ends after N requests or after S seconds, not both; 100 requests when neither is given", () => {
    expect(userError(flags({ requests: 50, duration: 10 }))).toBe(
      "--requests and --duration cannot be combined: a level ends after N requests or after S seconds",
    );
    expect(resolveBenchOptions(flags({})).options.level.spans.measure).toEqual({ requests: 100 });
    expect(resolveBenchOptions(flags({ duration: 10 })).options.level.spans.measure).toEqual({
      seconds: 10,
    });
  });

  it("a cooldown in seconds needs --duration in closed loop, not in open loop", () => {
    expect(userError(flags({ cooldown: { seconds: 2 } }))).toMatch(/^--cooldown in seconds needs --duration/);
    expect(resolveBenchOptions(flags({ cooldown: { seconds: 2 }, duration: 10 })).options.level.spans.measure).toEqual({
      seconds: 10,
    });
    expect(resolveBenchOptions(flags({ cooldown: { seconds: 2 }, rate: [5] })).options.level.spans.cooldown).toEqual({
      seconds: 2,
    });
  });

  it("bad token lengths are user errors naming the flag", () => {
    expect(userError(flags({ inputTokens: "abc" }))).toMatch(/^--input-tokens "abc"/);
    expect(userError(flags({ outputTokens: "0" }))).toMatch(/^--output-tokens "0"/);
  });

  it("an unknown --target form is refused before anything else, listing the valid ones", () => {
    expect(userError(flags({ target: "ftp://x/v1", concurrency: [1], rate: [1] }))).toMatch(
      /^unsupported target URL or path "ftp:\/\/x\/v1": expected http\(s\):\/\/host:port\/v1; llama:PATH\.gguf/,
    );
  });
});

describe("resolveBenchOptions: the target's capabilities decide", () => {
  it("the embedded engine takes only its sampling parameters; a server takes any", () => {
    expect(userError(flags({ target: `llama:${SHARED_MODEL}`, param: { foo: 1 } }))).toBe(
      "--param foo: the embedded engine takes only temperature, top_k, top_p, min_p, seed",
    );
    expect(userError(flags({ target: undefined, param: { logprobs: true } }))).toMatch(
      /^--param logprobs: the embedded engine does not report log-probabilities/,
    );
    expect(resolveBenchOptions(flags({ param: { foo: 1, logprobs: true } })).options.params).toEqual({
      foo: 1,
      logprobs: true,
    });
  });

  it("closed-loop concurrency defaults to 1 on a server and to --parallel on the engine (llama:, *.gguf or the default model)", () => {
    const loads = (f: BenchFlags): unknown => resolveBenchOptions(f).options.schedule;
    expect(loads(flags())).toEqual({ kind: "levels", loads: [{ mode: "concurrency", value: 1 }] });
    for (const target of [`llama:${SHARED_MODEL}`, SHARED_MODEL, undefined]) {
      expect(loads(flags({ target, parallel: 3 }))).toEqual({
        kind: "levels",
        loads: [{ mode: "concurrency", value: 3 }],
      });
    }
  });

  it("--workers auto leaves one core to the rest: min(4, cores − 1) threads from 32 streams when that is 2 or more", () => {
    expect([2, 3, 4, 5, 8, 64].map((cores) => autoWorkers(true, 64, cores))).toEqual([1, 2, 3, 4, 4, 4]);
    expect(autoWorkers(true, 31, 8)).toBe(1);
    expect(autoWorkers(true, 32, 8)).toBe(4);
    expect(autoWorkers(false, 256, 8)).toBe(1);
  });

  it("--workers auto gives worker threads only to a target that runs on them; asking the engine for them is a warning", () => {
    const http = resolveBenchOptions(flags({ concurrency: [1, 32] }));
    expect(http.options.workers).toBe(autoWorkers(true, 32));
    expect(resolveBenchOptions(flags({ concurrency: [4] })).options.workers).toBe(1);
    const engine = resolveBenchOptions(flags({ target: SHARED_MODEL, concurrency: [64] }));
    expect(engine.options.workers).toBe(1);
    expect(engine.warnings).toEqual([]);
    const asked = resolveBenchOptions(flags({ target: SHARED_MODEL, workers: 2 }));
    expect(asked.warnings).toEqual([
      "--workers 2: the embedded engine does not run on worker threads; its requests run on this thread",
    ]);
    // Open loop without a cap: the stream count is unknown, so one thread.
    expect(resolveBenchOptions(flags({ rate: [50] })).options.workers).toBe(1);
  });

  it("--no-stream on a target that always streams is a warning; a server answers whole", () => {
    expect(resolveBenchOptions(flags({ target: SHARED_MODEL, stream: false })).warnings).toEqual([
      "--no-stream: the embedded engine always streams token by token; its timings are per token",
    ]);
    const http = resolveBenchOptions(flags({ stream: false }));
    expect(http.warnings).toEqual([]);
    expect(http.options.target.stream).toBe(false);
  });

  it("sizes the HTTP pool for the highest load: the concurrency, the cap, or 256 for open loop", () => {
    const connections = (f: BenchFlags): number => resolveBenchOptions(f).options.target.connections;
    expect(connections(flags({ concurrency: [1, 8, 4] }))).toBe(8);
    expect(connections(flags({ rate: [2] }))).toBe(256);
    expect(connections(flags({ rate: [2], maxConcurrency: 512 }))).toBe(512);
    expect(connections(flags({ sweep: 3 }))).toBe(256);
  });
});

describe("resolveBenchOptions: the options bench() gets, as the CLI built them", () => {
  it("a rate run: schedule and level template in run.json's field order", () => {
    const { options, failOnSlo } = resolveBenchOptions(
      flags({
        rate: [1, 5],
        maxConcurrency: 16,
        arrival: "gamma:2",
        slo: "ttft.p95<500",
        failOnSlo: true,
        warmup: { seconds: 5 },
        rampUp: 2,
        seed: 7,
      }),
    );
    expect(failOnSlo).toBe(true);
    expect(JSON.stringify(options.schedule)).toBe(
      '{"kind":"levels","loads":[{"mode":"rate","value":1,"arrival":"gamma:2","max_concurrency":16},{"mode":"rate","value":5,"arrival":"gamma:2","max_concurrency":16}]}',
    );
    expect(JSON.stringify(options.level)).toBe(
      '{"spans":{"warmup":{"seconds":5},"measure":{"requests":100},"cooldown":{"requests":0}},"seed":7,"rampUpS":2,"arrival":"gamma:2","maxConcurrency":16}',
    );
    expect(options.slo).toEqual([{ metric: "ttft", stat: "p95", limit: 500 }]);
  });

  it("--sweep and --find-max schedules, with the default throughput level of 32", () => {
    expect(JSON.stringify(resolveBenchOptions(flags({ sweep: 4 })).options.schedule)).toBe(
      '{"kind":"sweep","rates":4,"maxConcurrency":32}',
    );
    expect(
      JSON.stringify(
        resolveBenchOptions(flags({ findMax: "concurrency", slo: "e2e.p50<900", maxConcurrency: 8 })).options.schedule,
      ),
    ).toBe(
      '{"kind":"find-max","metric":"concurrency","maxConcurrency":8,"repeats":2,"precision":0.1,"maxProbes":12,"margin":0.02}',
    );
  });

  it("the target spec and workload: the API key passes through, timeouts in ms, lengths parsed", () => {
    const { options } = resolveBenchOptions(
      flags({
        apiKey: "sk-x",
        model: "m",
        timeout: 30,
        maxResponseMb: 1,
        inputTokens: "64:8",
        dataset: "d.jsonl",
        sharedPrefix: 3,
        seed: 5,
      }),
    );
    expect(options.target).toEqual({
      target: URL,
      model: "m",
      apiKey: "sk-x",
      api: "chat",
      stream: true,
      timeoutMs: 30_000,
      maxResponseBytes: 1024 * 1024,
      connections: 1,
      threads: 1,
      parallel: 1,
      ctxSize: 2048,
    });
    expect(options.workload).toEqual({
      dataset: "d.jsonl",
      seed: 5,
      input: { mean: 64, sd: 8 },
      output: { mean: 128, sd: 0 },
      sharedPrefix: 3,
    });
    expect(options).toMatchObject({
      outDir: "runs/x",
      command: ["infermark", "bench"],
      initialRequest: true,
      ignoreEos: false,
    });
  });
});

describe("bench() checks parameters itself, for library callers that skip resolveBenchOptions", () => {
  it("refuses an engine parameter it cannot honour before opening the engine or creating the run directory", async () => {
    const { options } = resolveBenchOptions(
      flags({ target: SHARED_MODEL, out: join(mkdtempSync(join(tmpdir(), "infermark-opts-")), "run") }),
    );
    await expect(bench({ ...options, params: { top_k: 0.5 } })).rejects.toThrow(
      "--param top_k=0.5: the embedded engine takes an integer for top_k",
    );
    expect(existsSync(options.outDir)).toBe(false);
  });
});

describe("resolveBenchOptions: flags people bring from vLLM", () => {
  it("--max-concurrency alone is a closed loop at that many; with --rate it stays the cap", () => {
    const alone = resolveBenchOptions(flags({ maxConcurrency: 6 })).options.schedule;
    expect(alone).toEqual({ kind: "levels", loads: [{ mode: "concurrency", value: 6 }] });
    const capped = resolveBenchOptions(flags({ maxConcurrency: 6, rate: [10] })).options.schedule;
    expect(capped).toEqual({
      kind: "levels",
      loads: [{ mode: "rate", value: 10, arrival: "poisson", max_concurrency: 6 }],
    });
  });

  it("--output-tokens dataset needs --data; with it the workload asks for the dataset's lengths", () => {
    expect(userError(flags({ outputTokens: "dataset" }))).toMatch(/^--output-tokens dataset .* give --data FILE/);
    const { options } = resolveBenchOptions(flags({ outputTokens: "dataset", dataset: "prompts.json" }));
    expect(options.workload.output).toBe("dataset");
  });

  it("--header values go to the target spec; the embedded engine, which has no HTTP, refuses them", () => {
    const { options } = resolveBenchOptions(flags({ headers: { "X-Team": "ml" } }));
    expect(options.target.headers).toEqual({ "X-Team": "ml" });
    expect(userError(flags({ target: SHARED_MODEL, headers: { "X-Team": "ml" } }))).toMatch(/^--header: /);
  });
});
