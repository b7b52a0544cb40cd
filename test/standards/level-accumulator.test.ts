import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { RequestRecord } from "../../src/records/record.js";
import { forEachJsonl } from "../../src/records/jsonl-stream.js";
import { LevelAccumulator, queueGrew } from "../../src/standards/efficiency/level-accumulator.js";
import { RowSample } from "../../src/stats/row-sample.js";
import { parseSlo } from "../../src/standards/efficiency/slo.js";
import { summarizeBench } from "../../src/standards/efficiency/summarize.js";
import { summarizeRun } from "../../src/standards/efficiency/summarize-run.js";
import { makeRecord } from "../helpers/records.js";

const data = (name: string): string => fileURLToPath(new URL(`./data/${name}`, import.meta.url));

describe("the streaming level summary reproduces the summary computed before it (all records in memory)", () => {
  // 190 records of four levels from three runs against the mock server: concurrency and rate
  // levels, HTTP 500s and cut streams, multi-token chunks, llama.cpp timings, warmup records.
  // The expected file was written by the summarizeBench of commit e7c574a (before this change).
  const records: RequestRecord[] = [];
  forEachJsonl<RequestRecord>(data("mixed-levels.records.jsonl"), (r) => records.push(r));
  const slo = parseSlo("ttft.p95<6,tpot.p50<1,itl.p99<3,response.p90<40");

  it("to the byte, with an SLO", () => {
    const before = readFileSync(data("mixed-levels.summary-before.json"), "utf8");
    expect(JSON.stringify(summarizeBench({ kind: "openai" }, records, { slo }), null, 2) + "\n").toBe(before);
  });

  it("the same whether the records come as an array or streamed from the file", () => {
    const streamed = (): Iterable<RequestRecord> => ({
      *[Symbol.iterator]() {
        for (const r of records) yield r;
      },
    });
    expect(summarizeRun({ kind: "openai" }, streamed(), [], slo)).toEqual(
      summarizeRun({ kind: "openai" }, records, [], slo),
    );
  });
});

describe("a level with more values than it keeps exactly", () => {
  // 40 requests of 51 one-token chunks each: 2,000 ITL gaps and 2,000 ICL gaps, 40 TTFTs.
  // Gaps of 5–15 ms, varying by request and token.
  const chunksOf = (i: number): Array<[number, number]> => {
    let t = 100 + i;
    return Array.from({ length: 51 }, (_, k): [number, number] => [(t += k === 0 ? 0 : 5 + ((k * 7 + i) % 11)), 1]);
  };
  const recs = Array.from({ length: 40 }, (_, i) => makeRecord(chunksOf(i), { id: i, t_sent: i, t_intended: i }));
  const summarize = (gaps: number, requests = 1000): ReturnType<LevelAccumulator["finish"]> => {
    const acc = new LevelAccumulator({ mode: "concurrency", value: 4 }, [], { requests, gaps, relativeError: 0.01 });
    for (const r of recs) acc.add(r);
    return acc.finish(0);
  };

  it("reports the approx flag on the gap distributions only, with n, min and max exact", () => {
    const exact = summarize(1_000_000);
    const capped = summarize(500);
    expect(exact.latency_ms.itl.approx).toBeUndefined();
    expect(capped.latency_ms.itl.approx).toEqual({ relative_error: 0.01 });
    expect(capped.latency_ms.icl.approx).toEqual({ relative_error: 0.01 });
    expect(capped.latency_ms.ttft).toEqual(exact.latency_ms.ttft); // 40 values, under the request cap
    expect(capped.latency_ms.ttft.approx).toBeUndefined();
    expect([capped.latency_ms.itl.n, capped.latency_ms.itl.min, capped.latency_ms.itl.max]).toEqual([
      2000,
      exact.latency_ms.itl.min,
      exact.latency_ms.itl.max,
    ]);
    expect(capped.validity.warnings.join("\n")).toMatch(/percentiles of itl, icl come from log-bucketed histograms/);
    expect(exact.validity.warnings.join("\n")).not.toMatch(/histogram/);
  });

  it("keeps every percentile within the stated error of the exact one", () => {
    // Exact ITL gaps, from the definition: successive chunk times of each request.
    const gaps = recs
      .flatMap((r) => r.chunks.slice(1).map(([t], k) => t - (r.chunks[k]?.[0] ?? Number.NaN)))
      .sort((a, b) => a - b);
    const at = (q: number): number => {
      const h = (gaps.length - 1) * q;
      const lo = Math.floor(h);
      return (gaps[lo] ?? Number.NaN) + (h - lo) * ((gaps[lo + 1] ?? Number.NaN) - (gaps[lo] ?? Number.NaN));
    };
    const itl = summarize(500).latency_ms.itl;
    for (const [k, q] of [
      ["p50", 0.5],
      ["p90", 0.9],
      ["p95", 0.95],
      ["p99", 0.99],
    ] as const) {
      expect(Math.abs((itl[k] ?? Number.NaN) - at(q))).toBeLessThanOrEqual(0.01 * at(q));
    }
  });

  it("judges queue growth on a uniform sample once requests outgrow the cap, and says so", () => {
    const s = summarize(1_000_000, 20);
    expect(s.latency_ms.ttft.approx).toEqual({ relative_error: 0.01 });
    expect(s.validity.warnings.join("\n")).toMatch(
      /queue-growth check \(saturated\) was judged on a uniform sample of 20 of the 40 requests/,
    );
  });
});

describe("a long level at the default limits", () => {
  // 120,000 requests sent 1 ms apart whose TTFT grows by 1 ms per 1,000 requests (request i waits
  // ⌊i/1000⌋ ms), each with one 1 ms gap: the last third's median TTFT (~100 ms) exceeds the first
  // third's (~20 ms) by more than one E2E (~21 ms).
  const n = 120_000;
  const acc = new LevelAccumulator({ mode: "rate", value: 1000, arrival: "poisson", max_concurrency: null });
  for (let i = 0; i < n; i++) {
    const first = i + Math.floor(i / 1000);
    acc.add(
      makeRecord(
        [
          [first, 1],
          [first + 1, 1],
        ],
        { id: i, t_sent: i, t_intended: i, t_released: i },
      ),
    );
  }
  const s = acc.finish(0);

  it("keeps 20,000 values per request metric exactly, then a histogram within 0.1 % that says so", () => {
    const ttft = s.latency_ms.ttft;
    expect(ttft.approx).toEqual({ relative_error: 0.001 });
    expect([ttft.n, ttft.min, ttft.max]).toEqual([n, 0, 119]);
    // Type-7 p50 of the definition: ranks 59,999 and 60,000 hold 59 and 60 ms.
    expect(Math.abs((ttft.p50 ?? Number.NaN) - 59.5)).toBeLessThanOrEqual(0.001 * 59.5);
    // The gaps (120,000, all 1 ms) are under their own cap of 10⁶ and stay exact.
    expect(s.latency_ms.itl.approx).toBeUndefined();
    expect(s.latency_ms.itl.p99).toBe(1);
  });

  it("judges queue growth on 20,000 sampled rows, says so, and still finds the growth", () => {
    expect(s.validity.warnings.join("\n")).toMatch(
      /queue-growth check \(saturated\) was judged on a uniform sample of 20,000 of the 120,000 requests/,
    );
    expect(s.validity.saturated).toBe(true);
  });
});

describe("queueGrew (the saturated check's queue evidence)", () => {
  const cols = (tSent: number[], ttft: number[], e2e: number[]): RowSample => {
    const rows = new RowSample(3, 1000);
    tSent.forEach((t, i) => rows.add([t, ttft[i] ?? Number.NaN, e2e[i] ?? Number.NaN]));
    return rows;
  };

  it("orders requests by send time, whatever order they finished in", () => {
    // Sent at 0..8 (listed in completion order), TTFT rising with send time by far more than one E2E.
    const tSent = [8, 0, 7, 1, 6, 2, 5, 3, 4];
    expect(
      queueGrew(
        cols(
          tSent,
          tSent.map((t) => 10 + 50 * t),
          tSent.map(() => 20),
        ),
      ),
    ).toBe(true);
    expect(
      queueGrew(
        cols(
          tSent,
          tSent.map((t) => 410 - 50 * t),
          tSent.map(() => 20),
        ),
      ),
    ).toBe(false);
  });

  it("breaks ties in send time by arrival order, as a stable sort of the rows would", () => {
    const same = Array.from({ length: 9 }, () => 0);
    const e2e = same.map(() => 10);
    expect(queueGrew(cols(same, [1, 1, 1, 5, 5, 5, 100, 100, 100], e2e))).toBe(true); // first third 1, last third 100
    expect(queueGrew(cols(same, [100, 100, 100, 5, 5, 5, 1, 1, 1], e2e))).toBe(false);
  });

  it("needs nine requests", () => {
    expect(queueGrew(cols([0, 1, 2, 3, 4, 5, 6, 7], [1, 1, 1, 1, 900, 900, 900, 900], [1, 1, 1, 1, 1, 1, 1, 1]))).toBe(
      false,
    );
  });
});
