import { describe, expect, it } from "vitest";
import { renderBenchSummary } from "../../src/report/bench-table.js";
import { requestTiming } from "../../src/standards/efficiency/request-timing.js";
import { meetsWithMargin, parseSlo, requestMeetsSlo } from "../../src/standards/efficiency/slo.js";
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
    const a = makeRecord(
      [
        [100, 1],
        [110, 1],
      ],
      { t_sent: 0, t_end: 120 },
    );
    const b = makeRecord(
      [
        [300, 1],
        [320, 1],
      ],
      { t_sent: 0, t_end: 400 },
    );
    const c = makeRecord(
      [
        [1700, 1],
        [1705, 1],
      ],
      { t_sent: 1000, t_intended: 1000, t_end: 2000 },
    );
    const bad = makeRecord([], { t_sent: 500, t_intended: 500, t_end: 600, error: { kind: "http_500", message: "x" } });
    const s = summarizeLevel(0, { mode: "concurrency", value: 4 }, [a, b, c, bad], {
      slo: parseSlo("ttft.p50<500,tpot.mean<15"),
    });
    // a (ttft 100, tpot 10) and b (300, 20 → misses tpot) and c (700 → misses ttft): only a meets both.
    expect(s.goodput!.fraction).toBe(1 / 4);
    expect(s.goodput!.requests_per_s).toBe(0.5); // 1 request over 2 s
    // Level: ttft p50 of [100, 300, 700] = 300 < 500; tpot mean of [10, 20, 5] = 11.67 < 15.
    expect(s.goodput!.met).toBe(true);
    expect(s.goodput!.values["ttft.p50"]).toBe(300);
    expect(s.goodput!.slo).toEqual({ "ttft.p50": 500, "tpot.mean": 15 });
    const strict = summarizeLevel(0, { mode: "concurrency", value: 4 }, [a, b, c, bad], {
      slo: parseSlo("ttft.p50<300"),
    });
    expect(strict.goodput!.met).toBe(false); // 300 is not below 300
  });

  it("flags a rate level as cap-limited when arrivals wait for slots, and counts dropped ones apart", () => {
    const load = { mode: "rate" as const, value: 10, arrival: "poisson", max_concurrency: 2 };
    const recs = [0, 100, 200, 300].map((t, i) =>
      makeRecord([[t + 600, 1]], { t_intended: t, t_released: t, t_sent: t + i * 400, t_end: t + i * 400 + 601 }),
    );
    const dropped = makeRecord([], {
      t_intended: 400,
      t_released: 400,
      t_sent: 400,
      t_end: 1500,
      error: { kind: "dropped", message: "x" },
    });
    const s = summarizeLevel(0, load, [...recs, dropped]);
    expect(s.requests).toMatchObject({ sent: 4, completed: 4, dropped: 1, late: 3 });
    expect(s.latency_ms.schedule_lag).toMatchObject({ min: 0, max: 1200 });
    expect(s.validity.cap_limited).toBe(true);
    expect(s.validity.saturated).toBe(false);
    expect(s.offered_rate).toBe(10);
  });

  it("flags the client when its scheduler released requests late", () => {
    const load = { mode: "rate" as const, value: 10, arrival: "poisson", max_concurrency: null };
    const recs = Array.from({ length: 10 }, (_, i) =>
      makeRecord([[i * 100 + 80, 1]], {
        t_intended: i * 100,
        t_released: i * 100 + 30,
        t_sent: i * 100 + 30,
        t_end: i * 100 + 90,
      }),
    );
    const s = summarizeLevel(0, load, recs);
    expect(s.pacing_ms.p99).toBeCloseTo(30, 9);
    expect(s.validity.client_limited).toBe(true);
    expect(s.validity.warnings.join("\n")).toMatch(/pacing p99 30\.0 ms/);
  });
});

describe("validity warnings", () => {
  it("flags early stops, prefix-cache hits and thin percentiles", () => {
    const body = { max_tokens: 10 };
    const early = makeRecord(
      [
        [10, 1],
        [20, 1],
      ],
      { request: { api: "chat", body }, finish_reason: "stop" },
    );
    const full = makeRecord(
      [
        [10, 5],
        [20, 5],
      ],
      { request: { api: "chat", body }, finish_reason: "length" },
    );
    const cached = makeRecord([[10, 10]], { request: { api: "chat", body } });
    cached.tokens.cached_input = 6;
    const w = summarizeLevel(0, { mode: "concurrency", value: 1 }, [early, full, cached]).validity.warnings.join("\n");
    expect(w).toMatch(/1 of 3 requests stopped before max_tokens .*--ignore-eos/);
    expect(w).toMatch(/1 of 3 requests had prompt tokens served from the server's prefix cache/);
    expect(w).toMatch(/p99 rests on 3 requests; a stable p99 needs ~1,000/);
  });
});

describe("SLO edge cases (issue 10.4)", () => {
  const level = { mode: "concurrency" as const, value: 1 };

  it("a TPOT term over one-token answers is not applicable: the level meets its SLO", () => {
    // Three one-token answers (as with --no-stream or max_tokens 1), TTFT 100 ms each: TPOT is undefined for all.
    const recs = [0, 1, 2].map((i) =>
      makeRecord([[i * 1000 + 100, 1]], { t_sent: i * 1000, t_intended: i * 1000, t_end: i * 1000 + 101 }),
    );
    const s = summarizeLevel(0, level, recs, { slo: parseSlo("ttft.p95<500,tpot.p95<50") });
    expect(s.latency_ms.tpot.n).toBe(0);
    expect(s.goodput!.not_applicable).toEqual(["tpot.p95"]);
    expect(s.goodput!.values["tpot.p95"]).toBeNull();
    expect(s.goodput!.met).toBe(true);
    expect(s.goodput!.fraction).toBe(1);
    expect(
      renderBenchSummary({ schema: "infermark.bench/1", target: { kind: "openai" }, slo: s.goodput!.slo, levels: [s] }),
    ).toMatch(/level meets ttft\.p95 100\.00 < 500, tpot\.p95 n\/a/);
  });

  it("a not-applicable term never fails a capacity probe by itself, an applicable one with a margin still can", () => {
    const check = { values: { "ttft.p95": 480, "tpot.p95": null }, not_applicable: ["tpot.p95"] };
    expect(meetsWithMargin(check, parseSlo("ttft.p95<500,tpot.p95<50"), 0.02)).toBe(true);
    expect(meetsWithMargin(check, parseSlo("ttft.p95<485,tpot.p95<50"), 0.02)).toBe(false); // 480 is not below 485 × 0.98 = 475.3
  });

  it("a level where nothing produced a token meets no SLO (every term is missing, none is 'not applicable')", () => {
    const failed = [0, 1].map((i) =>
      makeRecord([], { t_sent: i, t_intended: i, t_end: i + 5, error: { kind: "http_500", message: "x" } }),
    );
    const s = summarizeLevel(0, level, failed, { slo: parseSlo("tpot.p95<50") });
    expect(s.goodput!.not_applicable).toEqual([]);
    expect(s.goodput!.met).toBe(false);
  });

  it("goodput.fraction counts every measured arrival: 4 met of 5 sent and 2 dropped is 4/7", () => {
    const load = { mode: "rate" as const, value: 10, arrival: "poisson", max_concurrency: 1 };
    const ok = [0, 1, 2, 3].map((i) =>
      makeRecord(
        [
          [i * 100 + 50, 1],
          [i * 100 + 60, 1],
        ],
        { t_intended: i * 100, t_sent: i * 100, t_end: i * 100 + 61 },
      ),
    );
    const slow = makeRecord(
      [
        [1400, 1],
        [1410, 1],
      ],
      { t_intended: 400, t_sent: 400, t_end: 1411 },
    );
    const dropped = [500, 600].map((t) =>
      makeRecord([], {
        t_intended: t,
        t_released: t,
        t_sent: t,
        t_end: 1500,
        error: { kind: "dropped", message: "x" },
      }),
    );
    const s = summarizeLevel(0, load, [...ok, slow, ...dropped], { slo: parseSlo("ttft.p99<500") });
    expect(s.requests).toMatchObject({ sent: 5, completed: 5, dropped: 2 });
    expect(s.goodput!.fraction).toBe(4 / 7);
  });

  it("a 0-token completion cannot meet a TTFT term (it had no first token)", () => {
    const empty = makeRecord([], { t_sent: 0, t_end: 20, finish_reason: "stop" });
    expect(requestMeetsSlo(requestTiming(empty), parseSlo("ttft.p95<500"))).toBe(false);
    expect(requestMeetsSlo(requestTiming(empty), parseSlo("e2e.p95<500"))).toBe(false);
    // ...while a one-token answer is not held to TPOT, which it does not define.
    const one = makeRecord([[30, 1]], { t_sent: 0 });
    expect(requestMeetsSlo(requestTiming(one), parseSlo("ttft.p95<500,tpot.p95<1"))).toBe(true);
    const good = makeRecord(
      [
        [30, 1],
        [40, 1],
      ],
      { t_sent: 0 },
    );
    const s = summarizeLevel(0, level, [good, empty], { slo: parseSlo("ttft.p95<500") });
    expect(s.goodput!.fraction).toBe(1 / 2);
  });
});

it("parses every metric it names, e2e included", () => {
  expect(parseSlo("e2e.p95<900,response.p99<1000").map((t) => t.metric)).toEqual(["e2e", "response"]);
});
