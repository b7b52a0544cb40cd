import { describe, expect, it } from "vitest";
import { parseSlo } from "../../src/standards/efficiency/slo.js";
import { summarizeLevel } from "../../src/standards/efficiency/summarize.js";
import { makeRecord } from "../helpers/records.js";

describe("SLOs and goodput", () => {
  it("parses terms and names the bad one", () => {
    expect(parseSlo("ttft.p95<500, tpot.p95<=50")).toEqual([
      { metric: "ttft", stat: "p95", limit: 500 },
      { metric: "tpot", stat: "p95", limit: 50 },
    ]);
    expect(() => parseSlo("ttft.p95<500,latency<3")).toThrow(/"latency<3"/);
    expect(() => parseSlo("ttft.p97<5")).toThrow(/STAT one of/);
  });

  it("counts per request: met every term, failures are misses; the level passes on its distribution", () => {
    // Four requests over 0..2000 ms: TTFT 100, 300, 700 and one failure.
    const a = makeRecord([[100, 1], [110, 1]], { t_sent: 0, t_end: 120 });
    const b = makeRecord([[300, 1], [320, 1]], { t_sent: 0, t_end: 400 });
    const c = makeRecord([[1700, 1], [1705, 1]], { t_sent: 1000, t_intended: 1000, t_end: 2000 });
    const bad = makeRecord([], { t_sent: 500, t_intended: 500, t_end: 600, error: { kind: "http_500", message: "x" } });
    const s = summarizeLevel(0, { mode: "concurrency", value: 4 }, [a, b, c, bad], { slo: parseSlo("ttft.p50<500,tpot.mean<15") });
    // a (ttft 100, tpot 10) and b (300, 20 → misses tpot) and c (700 → misses ttft): only a meets both.
    expect(s.goodput!.fraction).toBe(1 / 4);
    expect(s.goodput!.requests_per_s).toBe(0.5); // 1 request over 2 s
    // Level: ttft p50 of [100, 300, 700] = 300 < 500; tpot mean of [10, 20, 5] = 11.67 < 15.
    expect(s.goodput!.met).toBe(true);
    expect(s.goodput!.values["ttft.p50"]).toBe(300);
    expect(s.goodput!.slo).toEqual({ "ttft.p50": 500, "tpot.mean": 15 });
    const strict = summarizeLevel(0, { mode: "concurrency", value: 4 }, [a, b, c, bad], { slo: parseSlo("ttft.p50<300") });
    expect(strict.goodput!.met).toBe(false); // 300 is not below 300
  });

  it("flags a rate level as cap-limited when arrivals wait for slots, and counts dropped ones apart", () => {
    const load = { mode: "rate" as const, value: 10, arrival: "poisson", max_concurrency: 2 };
    const recs = [0, 100, 200, 300].map((t, i) => makeRecord([[t + 600, 1]], { t_intended: t, t_released: t, t_sent: t + i * 400, t_end: t + i * 400 + 601 }));
    const dropped = makeRecord([], { t_intended: 400, t_released: 400, t_sent: 400, t_end: 1500, error: { kind: "dropped", message: "x" } });
    const s = summarizeLevel(0, load, [...recs, dropped]);
    expect(s.requests).toMatchObject({ sent: 4, completed: 4, dropped: 1, late: 3 });
    expect(s.latency_ms.schedule_lag).toMatchObject({ min: 0, max: 1200 });
    expect(s.validity.cap_limited).toBe(true);
    expect(s.validity.saturated).toBe(false);
    expect(s.offered_rate).toBe(10);
  });

  it("flags the client when its scheduler released requests late", () => {
    const load = { mode: "rate" as const, value: 10, arrival: "poisson", max_concurrency: null };
    const recs = Array.from({ length: 10 }, (_, i) => makeRecord([[i * 100 + 80, 1]], { t_intended: i * 100, t_released: i * 100 + 30, t_sent: i * 100 + 30, t_end: i * 100 + 90 }));
    const s = summarizeLevel(0, load, recs);
    expect(s.pacing_ms.p99).toBeCloseTo(30, 9);
    expect(s.validity.client_limited).toBe(true);
    expect(s.validity.warnings.join("\n")).toMatch(/pacing p99 30\.0 ms/);
  });
});

describe("validity warnings", () => {
  it("flags early stops, prefix-cache hits and thin percentiles", () => {
    const body = { max_tokens: 10 };
    const early = makeRecord([[10, 1], [20, 1]], { request: { api: "chat", body }, finish_reason: "stop" });
    const full = makeRecord([[10, 5], [20, 5]], { request: { api: "chat", body }, finish_reason: "length" });
    const cached = makeRecord([[10, 10]], { request: { api: "chat", body } });
    cached.tokens.cached_input = 6;
    const w = summarizeLevel(0, { mode: "concurrency", value: 1 }, [early, full, cached]).validity.warnings.join("\n");
    expect(w).toMatch(/1 of 3 requests stopped before max_tokens .*--ignore-eos/);
    expect(w).toMatch(/1 of 3 requests had prompt tokens served from the server's prefix cache/);
    expect(w).toMatch(/p99 rests on 3 requests; a stable p99 needs ~1,000/);
  });
});
