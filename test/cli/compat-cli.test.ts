import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnMockServer, type SpawnedMockServer } from "../../src/mock/spawn.js";
import type { RequestRecord } from "../../src/records/record.js";
import { runCli, SHARED } from "../helpers/cli.js";

// `import guidellm` and `report --compat guidellm|aiperf|llmperf` through the CLI. Expected values
// come from GuideLLM's own numbers in its result file, and from each tool's definitions
// (docs/compat.md) applied by hand to the run's records.jsonl.

const GUIDELLM_FILE = join(SHARED, "reference/serving/guidellm/benchmarks_stripped.json");
const tmp = mkdtempSync(join(tmpdir(), "infermark-compat-cli-"));
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Linear-interpolation quantile (numpy's default, pandas', R type 7). */
function quantile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]!) - s[lo]!);
}

describe("import guidellm + report --compat guidellm (CLI), against GuideLLM's own result file", () => {
  it("reproduces the per-request latency, TTFT, TPOT and ITL GuideLLM stored, and its duration's throughputs", async () => {
    const raw = JSON.parse(readFileSync(GUIDELLM_FILE, "utf8")) as {
      benchmarks: Array<{ duration: number; requests: { successful: Array<Record<string, number>> } }>;
    };
    const bench = raw.benchmarks[0]!;
    const req = bench.requests.successful[0]!;
    const out = join(tmp, "guidellm");
    const imp = await runCli(["import", "guidellm", GUIDELLM_FILE, "--out", out]);
    expect(imp.code, imp.stderr).toBe(0);
    const rep = await runCli(["report", out, "--compat", "guidellm"]);
    expect(rep.code, rep.stderr).toBe(0);
    type Stat = { mean: number; median: number; count: number };
    const view = (
      JSON.parse(rep.stdout) as {
        compat: string;
        levels: Array<
          Record<string, Stat> & { duration: number; requests_per_second: number; output_tokens_per_second: number }
        >;
      }
    ).levels[0]!;
    for (const k of [
      "request_latency",
      "time_to_first_token_ms",
      "time_per_output_token_ms",
      "inter_token_latency_ms",
    ]) {
      expect(view[k]!.count, k).toBe(1);
      expect(rel(view[k]!.mean, req[k]!), k).toBeLessThan(1e-6);
      expect(rel(view[k]!.median, req[k]!), k).toBeLessThan(1e-6);
    }
    // GuideLLM's definitions, from the file's own times: latency end − start (s), TTFT first − start (ms).
    expect(rel(view.request_latency!.mean, req.end_time! - req.start_time!)).toBeLessThan(1e-6);
    expect(rel(view.time_to_first_token_ms!.mean, 1000 * (req.first_token_time! - req.start_time!))).toBeLessThan(1e-6);
    // GuideLLM's "TPOT" is (last − first) / N and its "ITL" (last − first) / (N − 1), in ms.
    expect(
      rel(
        view.time_per_output_token_ms!.mean,
        (1000 * (req.last_token_time! - req.first_token_time!)) / req.output_tokens!,
      ),
    ).toBeLessThan(1e-6);
    expect(
      rel(
        view.inter_token_latency_ms!.mean,
        (1000 * (req.last_token_time! - req.first_token_time!)) / (req.output_tokens! - 1),
      ),
    ).toBeLessThan(1e-6);
    // Throughputs over the benchmark's duration as GuideLLM recorded it: 1 request, 128 output tokens.
    expect(view.duration).toBe(bench.duration);
    expect(view.requests_per_second).toBeCloseTo(1 / bench.duration, 12);
    expect(view.output_tokens_per_second).toBeCloseTo(req.output_tokens! / bench.duration, 12);
    // The native summary of the imported run counts the same tokens.
    const native = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as {
      levels: Array<{ tokens: { input: number; output: number } }>;
    };
    expect(native.levels[0]!.tokens).toMatchObject({ input: req.prompt_tokens, output: req.output_tokens });
  });
});

describe("report --compat aiperf|llmperf (CLI) on a bench run, by each tool's definitions", () => {
  let mock: SpawnedMockServer;
  let out: string;
  let records: RequestRecord[];
  beforeAll(async () => {
    mock = await spawnMockServer(["--ttft", "15", "--itl", "3"]);
    out = join(tmp, "bench");
    const res = await runCli([
      "bench",
      "--target",
      mock.url,
      "--concurrency",
      "2",
      "--requests",
      "7",
      "--output-tokens",
      "6:2",
      "--no-initial-request",
      "--out",
      out,
      "--json",
    ]);
    expect(res.code, res.stderr).toBe(0);
    records = readFileSync(join(out, "records.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as RequestRecord)
      .filter((r) => r.phase === "measure");
    expect(records).toHaveLength(7);
  });
  afterAll(() => mock?.close());

  it("aiperf: request latency to the final response, ITL = (latency − TTFT) / (OSL − 1), per request", async () => {
    const rep = await runCli(["report", out, "--compat", "aiperf"]);
    expect(rep.code, rep.stderr).toBe(0);
    type A = { avg: number; p50?: number; unit: string };
    const v = (JSON.parse(rep.stdout) as { levels: Array<Record<string, A>> }).levels[0]!;
    const latency = records.map((r) => r.t_end - r.t_sent);
    const ttft = records.map((r) => r.t_first! - r.t_sent);
    const osl = records.map((r) => r.tokens.output);
    const itl = records.map((_, i) => (latency[i]! - ttft[i]!) / (osl[i]! - 1));
    expect(v.request_count!.avg).toBe(7);
    expect(v.request_latency!.unit).toBe("ms");
    expect(v.request_latency!.avg).toBeCloseTo(mean(latency), 9);
    expect(v.request_latency!.p50).toBeCloseTo(quantile(latency, 0.5), 9);
    expect(v.time_to_first_token!.avg).toBeCloseTo(mean(ttft), 9);
    expect(v.inter_token_latency!.avg).toBeCloseTo(mean(itl), 9);
    expect(v.inter_token_latency!.p50).toBeCloseTo(quantile(itl, 0.5), 9);
    expect(v.output_sequence_length!.avg).toBeCloseTo(mean(osl), 12);
    // Throughputs over the benchmark duration the view reports.
    const duration = v.benchmark_duration!.avg;
    expect(v.request_throughput!.avg).toBeCloseTo(7 / duration, 9);
    expect(v.output_token_throughput!.avg).toBeCloseTo(osl.reduce((a, b) => a + b, 0) / duration, 9);
  });

  it("llmperf: seconds, end-to-end to the stream end, ITL = (last token − send) / N with TTFT in it", async () => {
    const rep = await runCli(["report", out, "--compat", "llmperf"]);
    expect(rep.code, rep.stderr).toBe(0);
    type L = { mean: number; quantiles: Record<string, number> };
    const v = (
      JSON.parse(rep.stdout) as {
        levels: Array<{ results: Record<string, L> & { num_completed_requests: number; number_errors: number } }>;
      }
    ).levels[0]!.results;
    const ttft = records.map((r) => (r.t_first! - r.t_sent) / 1000);
    const e2e = records.map((r) => (r.t_end - r.t_sent) / 1000);
    const itl = records.map((r) => (r.t_last! - r.t_sent) / 1000 / r.tokens.output);
    expect(v.num_completed_requests).toBe(7);
    expect(v.number_errors).toBe(0);
    expect(v.ttft_s!.mean).toBeCloseTo(mean(ttft), 12);
    expect(v.end_to_end_latency_s!.mean).toBeCloseTo(mean(e2e), 12);
    expect(v.inter_token_latency_s!.mean).toBeCloseTo(mean(itl), 12);
    for (const [q, p] of [
      ["p25", 0.25],
      ["p50", 0.5],
      ["p90", 0.9],
      ["p99", 0.99],
    ] as const) {
      expect(v.ttft_s!.quantiles[q], q).toBeCloseTo(quantile(ttft, p), 12);
      expect(v.end_to_end_latency_s!.quantiles[q], q).toBeCloseTo(quantile(e2e, p), 12);
    }
    expect(v.number_output_tokens!.mean).toBeCloseTo(mean(records.map((r) => r.tokens.output)), 12);
  });
});
