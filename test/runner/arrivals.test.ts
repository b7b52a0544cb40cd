import { describe, expect, it } from "vitest";
import { arrivalTimes, firstArrivals, parseArrival } from "../../src/runner/arrivals.js";
import { createPhaser } from "../../src/runner/phases.js";

function gaps(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]!);
}
function meanCv(xs: number[]): [number, number] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length);
  return [m, sd / m];
}

describe("arrival schedules", () => {
  it("spaces constant arrivals exactly 1/R apart, starting at 0", () => {
    expect(firstArrivals(5, 4, parseArrival("constant"), 1)).toEqual([0, 250, 500, 750, 1000]);
  });

  it("draws Poisson gaps with mean 1/R and CV 1, and gamma gaps with the asked CV", () => {
    const [pm, pcv] = meanCv(gaps(firstArrivals(40_000, 10, parseArrival("poisson"), 7)));
    expect(Math.abs(pm - 100) / 100).toBeLessThan(0.02);
    expect(Math.abs(pcv - 1)).toBeLessThan(0.03);
    for (const cv of [0.5, 2]) {
      const [gm, gcv] = meanCv(gaps(firstArrivals(40_000, 10, parseArrival(`gamma:${cv}`), 7)));
      expect(Math.abs(gm - 100) / 100).toBeLessThan(0.04);
      expect(Math.abs(gcv - cv) / cv).toBeLessThan(0.06);
    }
  });

  it("gives every rate the same pattern scaled, so a higher rate is never easier", () => {
    const a = firstArrivals(50, 2, parseArrival("poisson"), 3);
    const b = firstArrivals(50, 5, parseArrival("poisson"), 3);
    b.forEach((t, i) => expect(t * 5).toBeCloseTo(a[i]! * 2, 6));
    expect(firstArrivals(50, 2, parseArrival("poisson"), 4)).not.toEqual(a);
  });

  it("ramps the rate linearly: a quarter of the ramp's arrivals fall in its first half", () => {
    // Expected arrivals by t during a ramp T: R·t²/(2T); constant arrivals make the count exact up to one.
    const times = firstArrivals(2000, 100, parseArrival("constant"), 0, 10_000);
    const inFirstHalf = times.filter((t) => t < 5000).length;
    const inRamp = times.filter((t) => t < 10_000).length;
    expect(Math.abs(inRamp - 500)).toBeLessThanOrEqual(1);
    expect(Math.abs(inFirstHalf - 125)).toBeLessThanOrEqual(1);
    // After the ramp the spacing is 1/R.
    const after = times.filter((t) => t > 11_000).slice(0, 3);
    expect(after[1]! - after[0]!).toBeCloseTo(10, 6);
  });

  it("rejects malformed arrival kinds with a user error", () => {
    expect(() => parseArrival("gamma:0")).toThrow(/gamma:CV/);
    expect(() => parseArrival("burst")).toThrow(/poisson, constant or gamma/);
    expect(() => arrivalTimes(0, { kind: "poisson" }, 0, 0).next()).toThrow(/above 0/);
  });
});

describe("level phases", () => {
  it("splits by counts: warmup, measure, cooldown, then the end", () => {
    const next = createPhaser({ warmup: { requests: 2 }, measure: { requests: 3 }, cooldown: { requests: 1 } });
    expect([0, 1, 2, 3, 4, 5, 6].map((t) => next(t))).toEqual([
      "warmup",
      "warmup",
      "measure",
      "measure",
      "measure",
      "cooldown",
      null,
    ]);
  });

  it("splits by seconds from each phase's first request", () => {
    const next = createPhaser({ warmup: { seconds: 1 }, measure: { seconds: 2 }, cooldown: { requests: 0 } });
    // warmup covers [0, 1000); measure starts at the first request at or after 1000 and lasts 2 s.
    expect([0, 999, 1200, 3100, 3199, 3200].map((t) => next(t))).toEqual([
      "warmup",
      "warmup",
      "measure",
      "measure",
      "measure",
      null,
    ]);
  });
});
