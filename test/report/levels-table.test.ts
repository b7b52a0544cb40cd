import { parse as parseCsv } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { toCsv } from "../../src/records/csv.js";
import { renderBenchSummary } from "../../src/report/bench-table.js";
import { levelsCsv, levelVerdicts } from "../../src/standards/efficiency/level-rows.js";
import { parseSlo } from "../../src/standards/efficiency/slo.js";
import { summarizeLevel, type LevelSummary } from "../../src/standards/efficiency/summarize.js";
import { makeRecord } from "../helpers/records.js";

describe("toCsv (RFC 4180)", () => {
  it("quotes fields with commas, quotes or line breaks, doubles quotes, leaves null empty and numbers whole", () => {
    const text = toCsv(
      ["a", "b", "c"],
      [
        ["x,y", 'say "hi"', "two\nlines"],
        [null, 0.1 + 0.2, "plain"],
      ],
    );
    expect(text).toBe('a,b,c\r\n"x,y","say ""hi""","two\nlines"\r\n,0.30000000000000004,plain\r\n');
    // An independent parser reads back what was written.
    expect(parseCsv(text)).toEqual([
      ["a", "b", "c"],
      ["x,y", 'say "hi"', "two\nlines"],
      ["", "0.30000000000000004", "plain"],
    ]);
  });
});

/**
 * A level as wide as bench output gets: a rate level with a cap, seconds-long latencies, a
 * seven-digit request count, percentiles from a histogram, cut, cap-limited and missing its SLO.
 */
function wideLevel(level: number): LevelSummary {
  const load = { mode: "rate", value: 1234.5, arrival: "gamma:0.5", max_concurrency: 1024 } as const;
  // First token after 99.9 s, the last 10 min after sending.
  const recs = [0, 1, 2].map((i) =>
    makeRecord(
      [
        [99_900 + i, 1],
        [300_000 + i, 1],
        [599_999 + i, 1],
      ],
      { id: i, level, load },
    ),
  );
  const l = summarizeLevel(level, load, recs, { slo: parseSlo("ttft.p95<500") });
  l.requests.completed = 1_234_567;
  l.requests.sent = 1_234_567;
  for (const d of Object.values(l.latency_ms)) {
    d.n = 1_234_567;
    d.approx = { relative_error: 0.01 };
  }
  l.validity.cap_limited = true;
  l.cut = {
    level,
    load,
    reason: "short",
    planned: {
      warmup: { requests: 0 },
      measure: { requests: 2_000_000 },
      cooldown: { requests: 0 },
      requests: 2_000_000,
    },
    on_disk: { warmup: 0, measure: 3, cooldown: 0, records: 3 },
    missing_ids: 0,
  };
  return l;
}

describe("bench tables at 80 columns", () => {
  const summary = {
    schema: "infermark.bench/1" as const,
    target: { kind: "openai", base_url: "http://x", model: "m" },
    slo: { "ttft.p95": 500 },
    levels: [wideLevel(0), wideLevel(1)],
  };

  it("every line of the per-level tables and the levels tables fits, with the widest values", () => {
    const text = renderBenchSummary(summary);
    const lines = text.split("\n");
    const start = lines.findIndex((l) => l.startsWith("── levels ──"));
    const tableLines = [...lines.filter((l) => /^[┌│├└]/.test(l)), ...lines.slice(start).filter((l) => l)];
    expect(tableLines.length).toBeGreaterThan(20);
    for (const l of tableLines) expect(l.length, l).toBeLessThanOrEqual(80);
    // The verdicts the summary states, in one cell: cut, cap-limited and the missed SLO (TTFT ≈ 99.9 s > 500 ms).
    expect(text).toMatch(/ {2}cut, cap-limited, SLO missed$/m);
    // TTFT p50 is the middle of 99,900, 99,901 and 99,902 ms, shown to the millisecond; the rate to the request.
    expect(text).toMatch(/^ {4}0 {2}1235\/s +1234567 {2}99901 /m);
  });

  it("the CSV quotes the verdict cell and keeps every digit", () => {
    const rows = parseCsv<Record<string, string>>(levelsCsv(summary), { columns: true });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      mode: "rate",
      rate_rps: "1234.5",
      arrival: "gamma:0.5",
      max_concurrency: "1024",
      concurrency: "",
      ttft_p50_ms: "99901",
      verdict: "cut, cap-limited, SLO missed",
      goodput_rps: expect.any(String) as string,
    });
  });
});

describe("level verdicts with failed requests", () => {
  const load = { mode: "concurrency", value: 2 } as const;
  const ok = (id: number) =>
    makeRecord(
      [
        [10, 1],
        [20, 1],
      ],
      { id, load },
    );
  const failed = (id: number) =>
    makeRecord([], { id, load, t_first: null, error: { kind: "http_401", message: "HTTP 401", status: 401 } });

  it("says 'all failed' when no request sent completed, 'errors' when some failed, and 'ok' only when none did", () => {
    expect(levelVerdicts(summarizeLevel(0, load, [failed(0), failed(1)]))).toContain("all failed");
    const some = levelVerdicts(summarizeLevel(0, load, [ok(0), failed(1), ok(2)]));
    expect(some).toContain("errors");
    expect(some).not.toContain("ok");
    expect(levelVerdicts(summarizeLevel(0, load, [ok(0), ok(1)]))).toEqual(["ok"]);
  });
});
