import { describe, expect, it } from "vitest";
import type { LoadSpec, Phase } from "../../src/records/record.js";
import { runCompleteness, type RunPlan } from "../../src/standards/efficiency/level-cut.js";
import { LEVEL_SCHEMA, type LevelLine } from "../../src/standards/efficiency/level-line.js";
import { summarizeRun } from "../../src/standards/efficiency/summarize-run.js";
import { makeRecord } from "../helpers/records.js";

const c = (value: number): LoadSpec => ({ mode: "concurrency", value });
const rec = (id: number, level: number, phase: Phase = "measure") =>
  makeRecord([[5, 1]], { id, level, load: c(level + 1), phase, t_sent: id, t_end: id + 6 });
const line = (level: number): LevelLine => ({
  schema: LEVEL_SCHEMA,
  level,
  load: c(level + 1),
  probe: null,
  prometheus: null,
  client: {
    level,
    event_loop_delay_ms: { p50: 0, p99: 0, max: 0 },
    worker_loop_delay_p99_ms: null,
    cpu_cores: 0,
    threads: 1,
  },
});
const spans = { warmup: { requests: 1 }, measure: { requests: 4 }, cooldown: { requests: 0 } };
const plan: RunPlan = { schedule: { kind: "levels", loads: [c(1), c(2), c(3)] }, level: { spans } };

describe("cut levels", () => {
  it("a level with no line in levels.jsonl is cut; missing ids count the requests lost in flight; later levels are not run", () => {
    // Level 0 complete (ids 0-4); level 1 has ids 5, 6, 8 on disk: 7 was in flight.
    const records = [0, 1, 2, 3, 4]
      .map((i) => rec(i, 0, i === 0 ? "warmup" : "measure"))
      .concat([rec(5, 1, "warmup"), rec(6, 1), rec(8, 1)]);
    const { cut, notRun } = runCompleteness(records, [line(0)], plan);
    expect(cut).toEqual([
      {
        level: 1,
        load: c(2),
        reason: "no_level_line",
        planned: { ...spans, requests: 5 },
        on_disk: { warmup: 1, measure: 2, cooldown: 0, records: 3 },
        missing_ids: 1,
      },
    ]);
    expect(notRun).toEqual([{ level: 2, load: c(3) }]);
    const summary = summarizeRun({ kind: "openai" }, records, [line(0)], [], undefined, plan);
    expect(summary.levels.map((l) => [l.level, l.cut?.reason ?? null])).toEqual([
      [0, null],
      [1, "no_level_line"],
    ]);
    expect(summary.levels_not_run).toEqual([{ level: 2, load: c(3) }]);
  });

  it("a level stopped early (Ctrl-C: its line is written) is cut as short; a level cut in warmup still shows", () => {
    const records = [rec(0, 0, "warmup"), rec(1, 0), rec(2, 1, "warmup")];
    const summary = summarizeRun({ kind: "openai" }, records, [line(0)], [], undefined, plan);
    expect(summary.levels.map((l) => [l.level, l.cut?.reason, l.requests.sent])).toEqual([
      [0, "short", 1],
      [1, "no_level_line", 0],
    ]);
  });

  it("a complete run has no cut and no not-run list, so its summary is what it always was", () => {
    const records = [0, 1, 2, 3, 4].map((i) => rec(i, 0, i === 0 ? "warmup" : "measure"));
    const one: RunPlan = { schedule: { kind: "levels", loads: [c(1)] }, level: { spans } };
    expect(summarizeRun({ kind: "openai" }, records, [line(0)], [], undefined, one)).toEqual(
      summarizeRun({ kind: "openai" }, records, [line(0)], []),
    );
  });

  it("timed phases: only a missing level line marks a cut", () => {
    const timed: RunPlan = {
      schedule: { kind: "sweep" },
      level: { spans: { warmup: { requests: 0 }, measure: { seconds: 10 }, cooldown: { requests: 0 } } },
    };
    expect(runCompleteness([rec(0, 0)], [line(0)], timed).cut).toEqual([]);
    expect(runCompleteness([rec(0, 0)], [], timed).cut[0]).toMatchObject({
      reason: "no_level_line",
      planned: { requests: null },
    });
    expect(runCompleteness([rec(0, 0)], [], timed).notRun).toEqual([]);
  });
});
