import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import type { LatencyMetric } from "../../src/standards/efficiency/latency-metrics.js";
import type { RequestTiming } from "../../src/standards/efficiency/request-timing.js";
import { makeRecord } from "../helpers/records.js";

// One entry appended to the metric table, as a developer adding a metric would write it: the
// decode time t_last − t_first. Nothing else is changed; the summary, the SLO list and the
// terminal table must all pick it up.
const decode: LatencyMetric = {
  name: "decode",
  label: "decode",
  unit: "ms",
  per: "request",
  show: "always",
  slo: true,
  needsToken: true,
  value: (t: RequestTiming) => (t.at.t_first === null || t.at.t_last === null ? null : t.at.t_last - t.at.t_first),
  doc: "`t_last − t_first`",
};

vi.mock("../../src/standards/efficiency/latency-metrics.js", async (importOriginal) => {
  const original = await importOriginal<{ LATENCY_METRICS: readonly LatencyMetric[] }>();
  return { ...original, LATENCY_METRICS: [...original.LATENCY_METRICS, decode] };
});

const { summarizeLevel } = await import("../../src/standards/efficiency/summarize.js");
const { SLO_METRICS, parseSlo } = await import("../../src/standards/efficiency/slo.js");
const { renderBenchSummary } = await import("../../src/report/bench-table.js");

describe("one entry in the latency metric table drives the summary, the SLO list and the table", () => {
  // Decode times 30, 60 and 90 ms (first token at 100, last at 130 / 160 / 190).
  const recs = [30, 60, 90].map((d, i) =>
    makeRecord(
      [
        [100, 1],
        [100 + d, 1],
      ],
      { id: i },
    ),
  );

  it("the level summary has its distribution, computed from each record's times", () => {
    const s = summarizeLevel(0, { mode: "concurrency", value: 1 }, recs);
    const d = (s.latency_ms as unknown as Record<string, { n: number; mean: number | null; p50: number | null }>)
      .decode;
    expect(d).toMatchObject({ n: 3, mean: 60, p50: 60 });
  });

  it("an SLO can bound it, and goodput judges each request by its own value", () => {
    expect(SLO_METRICS).toContain("decode");
    const slo = parseSlo("decode.p50<70");
    const s = summarizeLevel(0, { mode: "concurrency", value: 1 }, recs, { slo });
    expect(s.goodput?.values["decode.p50"]).toBe(60);
    expect(s.goodput?.met).toBe(true);
    expect(s.goodput?.fraction).toBe(2 / 3); // 30 and 60 are below 70, 90 is not
  });

  it("the terminal table has its row", () => {
    const s = summarizeLevel(0, { mode: "concurrency", value: 1 }, recs);
    const text = renderBenchSummary({
      schema: "infermark.bench/1",
      target: { kind: "openai" },
      slo: null,
      levels: [s],
    });
    expect(text).toMatch(/│ decode +│ 3 +│ 60\.00 +│ 60\.00 /);
  });
});

describe("docs/metrics.md defines every metric of the table", () => {
  const docs = readFileSync(fileURLToPath(new URL("../../docs/metrics.md", import.meta.url)), "utf8");
  it("with a row naming it that holds the table's definition", async () => {
    const { LATENCY_METRICS } = await vi.importActual<{ LATENCY_METRICS: readonly LatencyMetric[] }>(
      "../../src/standards/efficiency/latency-metrics.js",
    );
    for (const m of LATENCY_METRICS) {
      const row = docs.split("\n").find((l) => l.startsWith(`| \`${m.name}\` |`));
      expect(row, `docs/metrics.md has no row for ${m.name}`).toBeDefined();
      expect(row).toContain(m.doc);
    }
  });
});
