import { describe, expect, it } from "vitest";
import { requestTiming } from "../../src/standards/efficiency/request-timing.js";
import { summarizeBench, summarizeLevel } from "../../src/standards/efficiency/summarize.js";
import { makeRecord } from "../helpers/records.js";

describe("requestTiming (DESIGN.md definitions)", () => {
  it("computes ttft, tpot, itl, icl and e2e for one token per chunk", () => {
    // sent at 0; tokens at 100, 110, 125, 130
    const t = requestTiming(
      makeRecord([
        [100, 1],
        [110, 1],
        [125, 1],
        [130, 1],
      ]),
    );
    expect(t.ttft).toBe(100);
    expect(t.tpot).toBe(10); // (130 − 100) / (4 − 1)
    expect(t.itl).toEqual([10, 15, 5]);
    expect(t.icl).toEqual([10, 15, 5]);
    expect(t.e2e).toBe(130);
    expect(t.itlEstimated).toBe(false);
  });

  it("splits a gap evenly inside multi-token chunks and flags it", () => {
    // first chunk carries 2 tokens (n1 = 2), then chunks of 2 and 3 tokens
    const t = requestTiming(
      makeRecord([
        [50, 2],
        [60, 2],
        [90, 3],
      ]),
    );
    expect(t.ttft).toBe(50);
    expect(t.tpot).toBe(8); // (90 − 50) / (7 − 2)
    expect(t.itl).toEqual([5, 5, 10, 10, 10]);
    expect(t.icl).toEqual([10, 30]);
    expect(t.itlEstimated).toBe(true);
  });

  it("leaves tpot undefined when every token came in the first chunk", () => {
    const t = requestTiming(makeRecord([[40, 3]]));
    expect(t.tpot).toBeNull();
    expect(t.itl).toEqual([]);
    expect(t.e2e).toBe(40);
  });

  it("measures ttft and e2e from t_sent, schedule_lag and response from t_intended", () => {
    const t = requestTiming(
      makeRecord(
        [
          [100, 1],
          [120, 1],
        ],
        { t_intended: 0, t_sent: 30 },
      ),
    );
    expect(t.ttft).toBe(70);
    expect(t.e2e).toBe(90);
    expect(t.scheduleLag).toBe(30);
    expect(t.response).toBe(120);
  });
});

describe("summarizeLevel", () => {
  it("counts failures by kind, excludes them from latency, and divides by the measured duration", () => {
    const ok1 = makeRecord(
      [
        [100, 1],
        [110, 1],
      ],
      { t_sent: 0, t_end: 111 },
    );
    const ok2 = makeRecord(
      [
        [300, 1],
        [320, 1],
      ],
      { t_sent: 200, t_end: 1000 },
    );
    const bad = makeRecord([], { t_sent: 50, t_end: 60, error: { kind: "http_500", message: "x", status: 500 } });
    const s = summarizeLevel(0, { mode: "concurrency", value: 2 }, [ok1, ok2, bad]);
    expect(s.requests).toEqual({ sent: 3, completed: 2, failed: 1, dropped: 0, late: 2, errors: { http_500: 1 } }); // ok2 and bad were sent 200 and 50 ms after their intended 0
    expect(s.duration_s).toBe(1); // 0 → 1000 ms
    expect(s.throughput.requests_per_s).toBe(2);
    expect(s.throughput.output_tokens_per_s).toBe(4);
    expect(s.throughput.input_tokens_per_s).toBe(20);
    expect(s.throughput.total_tokens_per_s).toBe(24);
    expect(s.latency_ms.ttft).toMatchObject({ n: 2, mean: 100, p50: 100 });
    expect(s.latency_ms.schedule_lag).toMatchObject({ n: 2, min: 0, max: 200 }); // ok2 was intended at 0, sent at 200
    expect(s.latency_ms.response).toMatchObject({ n: 2, min: 110, max: 320 });
    expect(s.latency_ms.itl).toMatchObject({ n: 2, min: 10, max: 20, p50: 15 });
    expect(s.tokens).toEqual({ input: 20, output: 4, output_source: "usage", mismatches: 0 });
  });

  it("counts a server count that disagrees with the chunks as a mismatch", () => {
    const r = makeRecord([
      [10, 2],
      [20, 2],
    ]); // usage 4 over 2 chunks
    const s = summarizeLevel(0, { mode: "concurrency", value: 1 }, [r]);
    expect(s.tokens.mismatches).toBe(1);
    expect(s.validity.itl_estimated).toBe(true);
  });

  it("leaves warmup out of the run summary and groups levels in order", () => {
    const w = makeRecord([[1, 1]], { phase: "warmup" });
    const a = makeRecord([[1, 1]], { level: 1, load: { mode: "concurrency", value: 8 } });
    const b = makeRecord([[1, 1]], { level: 0, load: { mode: "concurrency", value: 1 } });
    const s = summarizeBench({ kind: "openai" }, [w, a, b]);
    expect(s.schema).toBe("infermark.bench/1");
    expect(s.levels.map((l) => [l.load.value, l.requests.sent])).toEqual([
      [1, 1],
      [8, 1],
    ]);
  });
});
