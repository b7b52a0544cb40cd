import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { readJsonl, readRecords, withSchemaId } from "../../src/records/jsonl.js";
import { RUN_SLO_METRICS, RUN_SLO_STATS, parseRunJson, readRunJson } from "../../src/records/run-json.js";
import { checkSchemaId, parseSchemaId, schemaProblem } from "../../src/records/schema-id.js";
import { SLO_METRICS, SLO_STATS } from "../../src/standards/efficiency/slo.js";
import { makeRecord } from "../helpers/records.js";

const dir = mkdtempSync(join(tmpdir(), "infermark-schema-"));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const messageOf = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as Error).message;
  }
  throw new Error("expected a user error");
};

describe("schema ids", () => {
  it("split into name and version", () => {
    expect(parseSchemaId("infermark.bench/1")).toEqual({ name: "infermark.bench", version: 1 });
    expect(parseSchemaId("infermark.bench")).toBeNull();
  });

  it("say in one line whether a file is another tool's, newer, older or has no id", () => {
    expect(schemaProblem({ schema: "infermark.bench/1" }, "infermark.bench/1")).toBeNull();
    expect(() => checkSchemaId("runs/x/summary.json", { schema: "infermark.bench/2" }, "infermark.bench/1")).toThrow(
      "runs/x/summary.json: schema infermark.bench/2 is newer than this infermark (reads infermark.bench/1); upgrade infermark",
    );
    expect(schemaProblem({ schema: "guidellm.report/3" }, "infermark.bench/1")).toBe(
      "schema guidellm.report/3 is not infermark.bench (a file from another tool?); this infermark reads infermark.bench/1",
    );
    expect(schemaProblem({ schema: "infermark.eval/1" }, "infermark.bench/1")).toMatch(
      /^schema infermark\.eval\/1 is not infermark\.bench/,
    );
    expect(schemaProblem({ schema: 7 }, "infermark.bench/1")).toMatch(/^schema 7 is not infermark\.bench/);
    expect(schemaProblem({ benchmarks: [] }, "infermark.bench/1")).toBe(
      "no schema id: not a file infermark wrote (expected infermark.bench/1)",
    );
    expect(schemaProblem([1, 2], "infermark.bench/1")).toMatch(/^no schema id/);
    expect(schemaProblem({ schema: "infermark.bench/0" }, "infermark.bench/1")).toBe(
      "schema infermark.bench/0 is older than this infermark reads (infermark.bench/1)",
    );
  });
});

describe("records.jsonl and levels.jsonl lines are checked one by one", () => {
  const good = JSON.stringify(makeRecord([[5, 1]]));

  it("reads infermark records", () => {
    const { values } = readRecords(file("ok.jsonl", `${good}\n${good}\n`));
    expect(values).toHaveLength(2);
  });

  it("a line from another tool is one line naming the file and line", () => {
    const p = file("foreign.jsonl", `${good}\n${JSON.stringify({ schema: "aiperf.record/2", ttft: 3 })}\n`);
    expect(messageOf(() => readRecords(p))).toBe(
      `${p}:2: schema aiperf.record/2 is not infermark.record (a file from another tool?); this infermark reads infermark.record/1`,
    );
    const noId = file("noid.jsonl", `{"request_id": "a"}\n`);
    expect(messageOf(() => readRecords(noId))).toBe(
      `${noId}:1: no schema id: not a file infermark wrote (expected infermark.record/1)`,
    );
  });

  it("a record of a newer infermark says to upgrade", () => {
    const p = file(
      "newer.jsonl",
      `${good}\n\n${JSON.stringify({ ...makeRecord([]), schema: "infermark.record/2" })}\n`,
    );
    expect(messageOf(() => readRecords(p))).toBe(
      `${p}:3: schema infermark.record/2 is newer than this infermark (reads infermark.record/1); upgrade infermark`,
    );
  });

  it("a last line cut mid-write is still dropped and reported, not taken for a foreign line", () => {
    const { values, truncatedLastLine } = readRecords(file("cut.jsonl", `${good}\n{"schema":"infer`));
    expect(values).toHaveLength(1);
    expect(truncatedLastLine).toBe(true);
  });

  it("any JSONL file can be read with its own schema id", () => {
    const p = file("levels.jsonl", `{"schema":"infermark.level/1","level":0}\n{"schema":"infermark.record/1"}\n`);
    expect(messageOf(() => readJsonl(p, withSchemaId("infermark.level/1")))).toMatch(
      /levels\.jsonl:2: schema infermark\.record\/1 is not infermark\.level/,
    );
  });
});

describe("run.json: one union, told apart by kind", () => {
  const common = { schema: "infermark.run/1", target: { kind: "openai" } };

  it("takes a run.json without kind for a bench run, or an import when it has `imported`", () => {
    const bench = parseRunJson("run.json", {
      ...common,
      slo: [{ metric: "ttft", stat: "p95", limit: 500 }],
      workload: { kind: "synthetic" },
      workers: 2,
    });
    expect(bench.kind).toBe("bench");
    // Fields a reader does not need are kept, not dropped.
    expect(bench.workers).toBe(2);
    const imported = parseRunJson("run.json", {
      ...common,
      imported: { tool: "vllm", file: "r.json", durations_s: [12.5] },
      slo: [],
    });
    expect(imported.kind === "imported" && imported.imported.durations_s).toEqual([12.5]);
  });

  it("checks an eval run's spec, which report rebuilds the task from", () => {
    const spec = { task: "gsm8k", scorers: [], limit: 5, samples: 1, seed: 0 };
    const run = parseRunJson("run.json", { ...common, kind: "eval", spec, api: "chat", prompt_hash: "abc" });
    expect(run.kind === "eval" && run.spec.task).toBe("gsm8k");
    expect(
      messageOf(() =>
        parseRunJson("runs/e/run.json", {
          ...common,
          kind: "eval",
          spec: { ...spec, samples: "one" },
          api: "chat",
          prompt_hash: "abc",
        }),
      ),
    ).toMatch(/^runs\/e\/run\.json: not a valid infermark\.run\/1 file: spec\.samples: /);
  });

  it("a run.json of another tool or a newer infermark is one line, before any field is looked at", () => {
    const p = file("run.json", JSON.stringify({ schema: "infermark.run/3", whatever: true }));
    expect(messageOf(() => readRunJson(p))).toBe(
      `${p}: schema infermark.run/3 is newer than this infermark (reads infermark.run/1); upgrade infermark`,
    );
    expect(messageOf(() => parseRunJson("x/run.json", { benchmarks: [] }))).toBe(
      "x/run.json: no schema id: not a file infermark wrote (expected infermark.run/1)",
    );
    expect(messageOf(() => parseRunJson("x/run.json", { ...common, kind: "sweep" }))).toMatch(
      /^x\/run\.json: not a valid infermark\.run\/1 file: kind: /,
    );
  });

  it("knows the same SLO metrics and statistics as the SLO parser", () => {
    expect([...RUN_SLO_METRICS]).toEqual([...SLO_METRICS]);
    expect([...RUN_SLO_STATS]).toEqual([...SLO_STATS]);
  });
});
