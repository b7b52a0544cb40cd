import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GUIDELLM_REPORT, guidellmRecords } from "../../src/records/import/guidellm.js";
import { guidellmRequest, guidellmView } from "../../src/standards/efficiency/compat/guidellm.js";
import { llmperfView } from "../../src/standards/efficiency/compat/llmperf.js";
import { aiperfView } from "../../src/standards/efficiency/compat/aiperf.js";
import { makeRecord } from "../helpers/records.js";
import { runCli, SHARED } from "../helpers/cli.js";

const VLLM_FILE = join(
  SHARED,
  "reference/serving/vllm_llm-k8s/serving_meta-llama-Llama-3.3-70B-Instruct_tp8_pp1_sharegpt_qps_04.json",
);
const GUIDELLM_FILE = join(SHARED, "reference/serving/guidellm/benchmarks_stripped.json");

describe("compatibility views", () => {
  it("import vllm + report --compat vllm reproduces the summary vLLM stored in its own result file (1e-6 relative)", async () => {
    const ref = JSON.parse(readFileSync(VLLM_FILE, "utf8")) as Record<string, number>;
    const out = join(mkdtempSync(join(tmpdir(), "infermark-import-")), "run");
    const imp = await runCli(["import", "vllm", VLLM_FILE, "--out", out]);
    expect(imp.code).toBe(0);
    const rep = await runCli(["report", out, "--compat", "vllm"]);
    expect(rep.code).toBe(0);
    const view = (JSON.parse(rep.stdout) as { levels: Array<Record<string, number>> }).levels[0]!;
    const keys = [
      "completed",
      "total_input_tokens",
      "total_output_tokens",
      "request_throughput",
      "output_throughput",
      "total_token_throughput",
    ];
    for (const m of ["ttft", "tpot", "itl"])
      for (const s of ["mean", "median", "std", "p99"]) keys.push(`${s}_${m}_ms`);
    for (const k of keys) {
      expect(ref[k], k).toBeTypeOf("number");
      expect(Math.abs(view[k]! - ref[k]!) / Math.abs(ref[k]!), k).toBeLessThan(1e-6);
    }
    // The native summary of the imported run uses the file's duration too.
    const native = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as {
      levels: Array<{ throughput: { requests_per_s: number } }>;
    };
    expect(native.levels[0]!.throughput.requests_per_s).toBeCloseTo(ref.request_throughput!, 9);
  });

  it("import guidellm keeps GuideLLM's own per-request latency, TTFT, TPOT and ITL", () => {
    const raw = JSON.parse(readFileSync(GUIDELLM_FILE, "utf8")) as {
      benchmarks: Array<{ duration: number; requests: { successful: Array<Record<string, number>> } }>;
    };
    const src = raw.benchmarks[0]!.requests.successful[0]!;
    const { records, durations } = guidellmRecords(GUIDELLM_REPORT.parse(raw));
    expect(records).toHaveLength(1);
    expect(durations[0]).toBe(raw.benchmarks[0]!.duration);
    const mine = guidellmRequest(records[0]!);
    expect(mine.request_latency).toBeCloseTo(src.request_latency!, 9);
    expect(mine.time_to_first_token_ms).toBeCloseTo(src.time_to_first_token_ms!, 6);
    expect(mine.time_per_output_token_ms!).toBeCloseTo(src.time_per_output_token_ms!, 6);
    expect(mine.inter_token_latency_ms!).toBeCloseTo(src.inter_token_latency_ms!, 6);
    expect(records[0]!.load).toEqual({ mode: "concurrency", value: 1 });
  });

  it("applies each tool's own ITL/TPOT definitions to the same hand-made request", () => {
    // Sent at 0, tokens at 100 (1), 120 (1), 160 (2): N = 4, last token 160, stream closed at 170.
    const r = makeRecord(
      [
        [100, 1],
        [120, 1],
        [160, 2],
      ],
      { t_sent: 0, t_end: 170 },
    );
    const g = guidellmView([r], { durations: null }) as Record<string, { mean: number }>;
    expect(g.time_per_output_token_ms!.mean).toBe(60 / 4); // (last − first) / N
    expect(g.inter_token_latency_ms!.mean).toBe(60 / 3); // (last − first) / (N − 1)
    expect(g.request_latency!.mean).toBe(0.17); // to the stream end, in seconds
    const a = aiperfView([r], { durations: null }) as Record<string, { avg: number }>;
    expect(a.inter_token_latency!.avg).toBe((170 - 100) / 3); // (request latency − TTFT) / (OSL − 1)
    const l = llmperfView([r], { durations: null }) as { results: Record<string, { mean: number }> };
    expect(l.results.inter_token_latency_s!.mean).toBe(0.16 / 4); // every gap from the send, over N
    expect(l.results.end_to_end_latency_s!.mean).toBe(0.17);
  });
});
