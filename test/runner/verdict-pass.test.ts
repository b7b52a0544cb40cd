import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EvalTag, RequestRecord } from "../../src/records/record.js";
import type { Verdict, VerdictLine } from "../../src/records/verdict.js";
import { runVerdictPass, type PassSubject, type VerdictPass } from "../../src/runner/verdict-pass.js";
import { CODE_EXECUTION, scoreTask, summarizeTask } from "../../src/standards/accuracy/summarize-eval.js";
import type { TaskItem } from "../../src/workloads/tasks/task.js";
import { makeRecord } from "../helpers/records.js";

const item = (id: string): TaskItem => ({
  id,
  input: `question ${id}`,
  targets: ["yes"],
  choices: [],
  metadata: { rubric: `rubric of ${id}` },
});

/** Six completed answers: items a, b, c, each as written and as the variant "loud". */
function subjects(): PassSubject[] {
  const out: PassSubject[] = [];
  let id = 0;
  for (const it of ["a", "b", "c"].map(item)) {
    for (const variant of [null, { name: "loud", seed: 3 }]) {
      const tag: EvalTag = { task: "t", item_id: it.id, sample: 0, ...(variant ? { variant } : {}) };
      const record: RequestRecord = makeRecord([[1, 1]], { id: id++, eval: tag, text: `answer ${id}` });
      out.push({ record, tag, item: it, output: record.text });
    }
  }
  return out;
}

type Grade = { status: "graded"; score: number };

/** A judge that grades from the item's metadata, one subject at a time, and remembers every record it was asked about. */
function countingPass(asked: number[], onEach: (judged: number) => void = () => {}): VerdictPass<Grade> {
  return {
    name: "judge",
    file: "judge.jsonl",
    applies: () => true,
    async judge(list, emit, signal) {
      for (const [i, s] of list.entries()) {
        if (signal.aborted) return;
        await new Promise((r) => setImmediate(r));
        asked.push(s.record.id);
        // The rubric comes from the item's metadata: passes see it.
        emit(i, { status: "graded", score: String(s.item.metadata.rubric).endsWith(s.item.id) ? 1 : 0 });
        onEach(asked.length);
      }
    },
  };
}

const lines = (path: string): VerdictLine[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as VerdictLine);

describe("a verdict pass is resumable", () => {
  it("interrupted after two verdicts, then resumed: each record is judged exactly once and has one line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "infermark-pass-"));
    const asked: number[] = [];
    const stop = new AbortController();
    const first = await runVerdictPass(
      countingPass(asked, (n) => n === 2 && stop.abort()),
      subjects(),
      dir,
      [],
      stop.signal,
    );
    expect(first.size).toBe(2);
    // Written as they arrived, not at the end: the interrupted session left its two lines on disk.
    expect(lines(join(dir, "judge.jsonl"))).toHaveLength(2);
    const second = await runVerdictPass(countingPass(asked), subjects(), dir, [], new AbortController().signal);
    expect(second.size).toBe(6);
    expect([...asked].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const written = lines(join(dir, "judge.jsonl"));
    expect(written.map((l) => l.record_id).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    // A line names its record's item, sample, and variant (only on a variant's record).
    expect(written.find((l) => l.record_id === 1)).toEqual({
      record_id: 1,
      item_id: "a",
      sample: 0,
      variant: { name: "loud", seed: 3 },
      status: "graded",
      score: 1,
    });
    expect(written.find((l) => l.record_id === 0)).toEqual({
      record_id: 0,
      item_id: "a",
      sample: 0,
      status: "graded",
      score: 1,
    });
    // A third session has nothing left to judge.
    await runVerdictPass(countingPass(asked), subjects(), dir, [], new AbortController().signal);
    expect(asked).toHaveLength(6);
  });

  it("a judge that throws leaves what it never answered ungraded with the reason; a resume retries only those", async () => {
    const dir = mkdtempSync(join(tmpdir(), "infermark-pass-"));
    const broken: VerdictPass<Grade> = {
      name: "judge",
      file: "judge.jsonl",
      applies: () => true,
      async judge(list, emit) {
        emit(0, { status: "graded", score: 1 });
        await Promise.resolve();
        throw new Error("judge endpoint returned 503");
      },
    };
    const after = await runVerdictPass(broken, subjects(), dir, [], new AbortController().signal);
    expect([...after.values()].filter((v) => v.status === "ungraded")).toHaveLength(5);
    expect(after.get(1)).toMatchObject({ status: "ungraded", reason: "judge failed: judge endpoint returned 503" });
    const asked: number[] = [];
    await runVerdictPass(countingPass(asked), subjects(), dir, [], new AbortController().signal);
    expect(asked.sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it("a pass answering the same subject twice is written once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "infermark-pass-"));
    const twice: VerdictPass<Grade> = {
      name: "judge",
      file: "judge.jsonl",
      applies: (s) => s.record.id === 0,
      judge: (_l, emit) => (
        emit(0, { status: "graded", score: 1 }),
        emit(0, { status: "graded", score: 0 }),
        Promise.resolve()
      ),
    };
    await runVerdictPass(twice, subjects(), dir, [], new AbortController().signal);
    expect(lines(join(dir, "judge.jsonl"))).toEqual([
      { record_id: 0, item_id: "a", sample: 0, status: "graded", score: 1 },
    ]);
  });

  it("verdict files go through the redactor: a judge that repeats the API key does not write it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "infermark-pass-"));
    const secret = "sk-test-0123456789abcdef";
    const leaky: VerdictPass = {
      name: "judge",
      file: "judge.jsonl",
      applies: (s) => s.record.id === 0,
      judge: (_l, emit) => (emit(0, { status: "ungraded", reason: `401 for key ${secret}` }), Promise.resolve()),
    };
    await runVerdictPass(leaky, subjects(), dir, [secret], new AbortController().signal);
    const text = readFileSync(join(dir, "judge.jsonl"), "utf8");
    expect(text).not.toContain(secret);
    expect(text).toContain("[REDACTED]");
  });
});

describe("ungraded verdicts are counted, never scored", () => {
  it("a code answer the pass could not grade is left out of pass, counted under ungraded and warned about", () => {
    const task = { name: "code", items: [item("a"), item("b"), item("c")], answer: "code" as const, metrics: ["pass"] };
    const code = "```python\ndef f():\n    return 1\n```";
    const records = ["a", "b", "c"].map((id, i) =>
      makeRecord([[1, 1]], {
        id: i,
        eval: { task: "code", item_id: id, sample: 0 },
        text: code,
        finish_reason: "stop",
      }),
    );
    const verdicts: Map<number, Verdict> = new Map([
      [0, { status: "passed", detail: "", ms: 1, isolation: "bwrap" }],
      [1, { status: "failed", detail: "AssertionError", ms: 1, isolation: "bwrap" }],
      [2, { status: "ungraded", reason: "sandbox could not start" }],
    ]);
    const { summary } = summarizeTask(task, records, 1, 3, 0, new Map([[CODE_EXECUTION, verdicts]]));
    // One pass, one fail: 1/2 over the two graded answers; the third is neither.
    expect(summary.metrics.pass).toMatchObject({ value: 0.5, n: 2 });
    expect(summary.ungraded).toEqual({ [CODE_EXECUTION]: 1 });
    expect(summary.warnings.join("\n")).toContain(
      "code_execution: 1 of 3 samples could not be graded and are left out of its metrics (1× sandbox could not start)",
    );
    expect(summary.warnings.join("\n")).not.toMatch(/never run/);
    // Scorers see every pass's verdict and the item's metadata.
    const { samples } = scoreTask(task, records, new Map([[CODE_EXECUTION, verdicts]]));
    expect(samples[2]?.input.verdicts).toEqual({
      [CODE_EXECUTION]: { status: "ungraded", reason: "sandbox could not start" },
    });
    expect(samples[2]?.input.execution).toBeNull();
    expect(samples[2]?.input.metadata).toEqual({ rubric: "rubric of c" });
  });
});
