import { describe, expect, it } from "vitest";
import { renderBenchSummary } from "../../src/report/bench-table.js";
import { capacityFromProbes, probeOutcome, type CapacityProbe } from "../../src/standards/efficiency/capacity.js";
import { parseSlo } from "../../src/standards/efficiency/slo.js";
import { summarizeLevel } from "../../src/standards/efficiency/summarize.js";
import { makeRecord } from "../helpers/records.js";

const slo = parseSlo("ttft.p95<500");
const probe = (value: number, met: boolean, achieved: number): CapacityProbe => ({
  value,
  met,
  levels: [0],
  achieved,
  why: met ? [] : ["SLO missed"],
});

describe("capacity that means what it says (issue 10.6)", () => {
  it("a probe offered 44.44 req/s that served 20 req/s has not met the SLO at 44.44, even with every TTFT under the limit", () => {
    // 100 arrivals at 44.44 req/s; the server streams a first token after 100 ms but finishes one request every 50 ms (20 req/s).
    const load = { mode: "rate" as const, value: 44.44, arrival: "constant", max_concurrency: null };
    const recs = Array.from({ length: 100 }, (_, i) => {
      const sent = (i / 44.44) * 1000;
      const end = (i + 1) * 50 + 100;
      return makeRecord(
        [
          [sent + 100, 1],
          [end, 1],
        ],
        { t_intended: sent, t_released: sent, t_sent: sent, t_end: end + 1 },
      );
    });
    const l = summarizeLevel(1, load, recs, { slo });
    expect(l.goodput!.met).toBe(true); // the latency SLO alone holds...
    expect(l.achieved_rate).toBeCloseTo(100 / ((5100 + 1) / 1000), 6); // 19.60 req/s
    const out = probeOutcome(l, slo, 0.02);
    expect(out.met).toBe(false); // ...but the rate was not served
    expect(out.why.join("; ")).toMatch(/saturated/);
    expect(out.why.join("; ")).toMatch(/achieved 19\.60 req\/s, below/);
  });

  it("a level that keeps up with its rate passes (the window's last-request latency is not a shortfall)", () => {
    // 20 arrivals at 100 req/s, each answered in 200 ms by an unlimited server: achieved 20 / 0.39 s ≈ 51 req/s.
    const load = { mode: "rate" as const, value: 100, arrival: "constant", max_concurrency: null };
    const recs = Array.from({ length: 20 }, (_, i) =>
      makeRecord(
        [
          [i * 10 + 50, 1],
          [i * 10 + 200, 1],
        ],
        { t_intended: i * 10, t_released: i * 10, t_sent: i * 10, t_end: i * 10 + 200 },
      ),
    );
    const l = summarizeLevel(0, load, recs, { slo });
    expect(probeOutcome(l, slo, 0.02)).toEqual({ met: true, why: [] });
  });

  it("the capacity never exceeds what its probe achieved", () => {
    const c = capacityFromProbes("rate", { "ttft.p95": 500 }, [probe(10, true, 9.4), probe(20, false, 12)]);
    expect(c.value).toBe(9.4);
    expect(c.bracket).toEqual([10, 20]);
    expect(c.upper_bound_found).toBe(true);
  });

  it("a search in which nothing failed reports no upper bound, not a bracket", () => {
    const c = capacityFromProbes("rate", { "ttft.p95": 500 }, [
      probe(44.44, true, 44.44),
      probe(88.88, true, 88.88),
      probe(177.93, true, 177.93),
    ]);
    expect(c).toMatchObject({ value: 177.93, bracket: [177.93, null], upper_bound_found: false });
    const text = renderBenchSummary({
      schema: "infermark.bench/1",
      target: { kind: "openai" },
      slo: c.slo,
      levels: [],
      capacity: c,
    });
    expect(text).toMatch(/capacity: at least 177\.93 req\/s meets ttft\.p95<500 \(no upper bound found/);
    expect(text).not.toMatch(/bracket|none failed/);
  });
});
