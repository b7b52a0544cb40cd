import { describe, expect, it } from "vitest";
import {
  addLive,
  emptyLive,
  liveView,
  LIVE_TTFT_ERROR,
  RATE_WINDOW_S,
} from "../../src/standards/efficiency/live-stats.js";
import { formatEta, progressFigures } from "../../src/report/progress-line.js";

/** A finished request: sent at `sent` ms, first token `ttft` ms later, done at `end` ms. */
const rec = (sent: number, ttft: number | null, end: number, error: unknown = null) => ({
  t_sent: sent,
  t_first: ttft === null ? null : sent + ttft,
  t_end: end,
  error,
});

describe("live progress figures", () => {
  it("before any record: nothing but the count and total is defined", () => {
    expect(liveView(emptyLive(), 10)).toEqual({
      done: 0,
      total: 10,
      errors: 0,
      rate_per_s: null,
      ttft_p50_ms: null,
      eta_s: null,
    });
  });

  it("counts done and errors, takes the median TTFT of the answered ones, rate over first send to last end", () => {
    const t = emptyLive();
    // Sent at 0, 100, 200, 300 ms; TTFT 10, 30, 20 ms and one failure; the last ends at 2,000 ms.
    addLive(t, rec(0, 10, 500));
    addLive(t, rec(100, 30, 1000));
    addLive(t, rec(200, null, 1500, { kind: "http" }));
    addLive(t, rec(300, 20, 2000));
    const v = liveView(t, 10);
    expect(v.done).toBe(4);
    expect(v.errors).toBe(1);
    // Median of 10, 20, 30 is 20, within the sketch's stated relative error.
    expect(Math.abs(v.ttft_p50_ms! - 20)).toBeLessThanOrEqual(20 * LIVE_TTFT_ERROR);
    // 4 completions over 2 s (first send 0 to last end 2,000 ms): 2 req/s; 6 left: 3 s.
    expect(v.rate_per_s).toBeCloseTo(2, 10);
    expect(v.eta_s).toBeCloseTo(3, 10);
  });

  it("the rate counts only the last RATE_WINDOW_S seconds of completions", () => {
    const t = emptyLive();
    // One completion a second for 30 s, then ten in the last second: a recent burst.
    for (let i = 1; i <= 30; i++) addLive(t, rec(i * 1000 - 500, 5, i * 1000));
    for (let i = 0; i < 10; i++) addLive(t, rec(30_000, 5, 30_100 + i * 10));
    const v = liveView(t, null);
    // Window (30.19 s − 10 s, 30.19 s]: completions at 21..30 s (10) and the 10 burst ones.
    expect(v.rate_per_s).toBeCloseTo(20 / RATE_WINDOW_S, 10);
    // No total (a timed level): no ETA.
    expect(v.eta_s).toBeNull();
  });

  it("a completion arriving out of order still counts in the window", () => {
    const t = emptyLive();
    addLive(t, rec(0, 5, 1000));
    addLive(t, rec(0, 5, 3000));
    addLive(t, rec(0, 5, 2000));
    expect(t.recentEnds).toEqual([1000, 2000, 3000]);
    expect(liveView(t, 3).eta_s).toBe(0);
  });

  it("formats the figures and the ETA as a person reads them", () => {
    expect(formatEta(42.4)).toBe("42s");
    expect(formatEta(185)).toBe("3m05s");
    expect(formatEta(3720)).toBe("1h02m");
    expect(progressFigures({ done: 37, total: 200, errors: 1, rate_per_s: 4.5, ttft_p50_ms: 123.4, eta_s: 36.2 })).toBe(
      "37/200  4.50 req/s  TTFT p50 123 ms  err 1  ETA 36s",
    );
    expect(progressFigures({ done: 3, total: null, errors: 0, rate_per_s: null, ttft_p50_ms: null, eta_s: null })).toBe(
      "3  — req/s  TTFT p50 — ms  err 0",
    );
  });
});
