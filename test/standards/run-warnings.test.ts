import { describe, expect, it } from "vitest";
import { runWarnings } from "../../src/standards/efficiency/run-warnings.js";
import { thinPercentileWarning } from "../../src/standards/efficiency/validity.js";

/** The parts of a level runWarnings reads: its index, TTFT count and warnings. */
const level = (i: number, n: number, warnings: string[]) =>
  ({
    level: i,
    latency_ms: { ttft: { n } },
    validity: { warnings },
  }) as unknown as Parameters<typeof runWarnings>[0][number];

describe("warnings said once per run", () => {
  it("a thin p99 at several levels is one line naming the levels and their n; other warnings stay per level", () => {
    const w = runWarnings([
      level(0, 100, [thinPercentileWarning(100)!]),
      level(1, 50, ["2 of 50 requests failed", thinPercentileWarning(50)!]),
      level(2, 5000, []),
    ]);
    expect(w.once).toEqual([
      "p99 rests on fewer than 1,000 requests at levels 0, 1 (n 100, 50); a stable p99 needs ~1,000",
    ]);
    expect(w.perLevel).toEqual([[], ["2 of 50 requests failed"], []]);
  });

  it("levels of any thin count share the one line: the warning names the first percentile that is unstable (p99)", () => {
    const w = runWarnings([
      level(0, 20, [thinPercentileWarning(20)!]),
      level(1, 30, [thinPercentileWarning(30)!]),
      level(2, 500, [thinPercentileWarning(500)!]),
    ]);
    expect(w.once).toEqual([
      "p99 rests on fewer than 1,000 requests at levels 0, 1, 2 (n 20, 30, 500); a stable p99 needs ~1,000",
    ]);
    expect(w.perLevel).toEqual([[], [], []]);
  });

  it("the same text at several levels is said once with its levels; a one-level run keeps its warnings", () => {
    const same = "some chunks carried several tokens: ITL splits their gap evenly (estimated)";
    const w = runWarnings([level(0, 5000, [same]), level(1, 5000, [same])]);
    expect(w.once).toEqual([`${same} (levels 0, 1)`]);
    expect(w.perLevel).toEqual([[], []]);
    const one = runWarnings([level(0, 10, [thinPercentileWarning(10)!])]);
    expect(one).toEqual({ perLevel: [["p99 rests on 10 requests; a stable p99 needs ~1,000"]], once: [] });
  });
});
