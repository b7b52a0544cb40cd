import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { readRunJson } from "../../src/records/run-json.js";
import { compareRunDirs } from "../../src/runner/compare-session.js";
import { importRun } from "../../src/runner/import-session.js";
import { reportRun } from "../../src/runner/report-session.js";

const dir = mkdtempSync(join(tmpdir(), "infermark-import-"));

/** A vLLM benchmark_serving result of two requests, small enough to work out by hand. */
const VLLM = {
  backend: "vllm",
  model_id: "m",
  request_rate: "inf",
  max_concurrency: 2,
  duration: 1,
  input_lens: [5, 6],
  output_lens: [3, 2],
  ttfts: [0.1, 0.2],
  itls: [[0.01, 0.01], [0.02]],
};
const source = join(dir, "vllm.json");
writeFileSync(source, JSON.stringify(VLLM));

const messageOf = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as Error).message;
  }
  throw new Error("expected a user error");
};

describe("importRun writes a run directory without spawning the CLI", () => {
  const out = join(dir, "imported");
  const result = importRun({ tool: "vllm", file: source, outDir: out, command: ["test"] });

  it("writes run.json (an imported run), one record per request and the summary", () => {
    expect(result).toMatchObject({ tool: "vllm", outDir: out, records: 2 });
    const run = readRunJson(join(out, "run.json"));
    expect(run.kind).toBe("imported");
    expect(run.kind === "imported" && run.imported).toEqual({ tool: "vllm", file: source, durations_s: [1] });
    expect(run.target).toEqual({ kind: "imported", tool: "vllm", model: "m" });
    expect(readFileSync(join(out, "records.jsonl"), "utf8").trim().split("\n")).toHaveLength(2);
    expect(readFileSync(join(out, "summary.json"), "utf8")).toBe(JSON.stringify(result.summary, null, 2) + "\n");
  });

  it("summarises from vLLM's own times: TTFT 100 and 200 ms, E2E 120 and 220 ms, throughput over vLLM's duration", () => {
    const [level] = result.summary.levels;
    expect(level?.load).toEqual({ mode: "concurrency", value: 2 });
    expect(level?.requests).toMatchObject({ completed: 2, failed: 0 });
    expect(level?.latency_ms.ttft.mean).toBeCloseTo(150, 9);
    expect(level?.latency_ms.e2e.min).toBeCloseTo(120, 9);
    expect(level?.latency_ms.e2e.max).toBeCloseTo(220, 9);
    // 2 requests and 3 + 2 output tokens over the 1 s vLLM measured.
    expect(level?.throughput.requests_per_s).toBeCloseTo(2, 9);
    expect(level?.throughput.output_tokens_per_s).toBeCloseTo(5, 9);
  });

  it("report recomputes the same summary from the directory, byte for byte", () => {
    const r = reportRun({ dir: out });
    expect(r.kind).toBe("bench");
    expect(r.kind === "bench" && JSON.stringify(r.summary, null, 2) + "\n").toBe(
      readFileSync(join(out, "summary.json"), "utf8"),
    );
    expect(r.notes).toEqual([]);
  });

  it("refuses an unknown tool, a file that is not the tool's result, and a directory already holding a run", () => {
    expect(messageOf(() => importRun({ tool: "aiperf", file: source, outDir: join(dir, "x"), command: [] }))).toBe(
      'import: unknown tool "aiperf": expected vllm or guidellm',
    );
    expect(messageOf(() => importRun({ tool: "guidellm", file: source, outDir: join(dir, "y"), command: [] }))).toMatch(
      /is not a GuideLLM result: benchmarks: /,
    );
    expect(existsSync(join(dir, "y"))).toBe(false);
    expect(messageOf(() => importRun({ tool: "vllm", file: source, outDir: out, command: [] }))).toMatch(
      /already holds a run/,
    );
  });
});

describe("reportRun checks the schema id of every file it reads", () => {
  const fresh = (name: string): string => {
    const out = join(dir, name);
    importRun({ tool: "vllm", file: source, outDir: out, command: ["test"] });
    return out;
  };

  it("a summary.json of a newer infermark: one line saying to upgrade", () => {
    const out = fresh("newer-summary");
    const path = join(out, "summary.json");
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, "utf8")), schema: "infermark.bench/2" }));
    expect(messageOf(() => reportRun({ dir: out }))).toBe(
      `${path}: schema infermark.bench/2 is newer than this infermark (reads infermark.bench/1); upgrade infermark`,
    );
  });

  it("a summary.json of another tool: one line naming the file", () => {
    const out = fresh("foreign-summary");
    const path = join(out, "summary.json");
    writeFileSync(path, JSON.stringify({ schema: "guidellm.benchmarks/1", benchmarks: [] }));
    expect(messageOf(() => reportRun({ dir: out }))).toBe(
      `${path}: schema guidellm.benchmarks/1 is not infermark.bench (a file from another tool?); this infermark reads infermark.bench/1`,
    );
  });

  it("a records.jsonl line from another tool: one line naming the file and line", () => {
    const out = fresh("foreign-record");
    const path = join(out, "records.jsonl");
    writeFileSync(path, readFileSync(path, "utf8") + JSON.stringify({ request_id: "r9", ttft: 0.3 }) + "\n");
    expect(messageOf(() => reportRun({ dir: out }))).toBe(
      `${path}:3: no schema id: not a file infermark wrote (expected infermark.record/1)`,
    );
  });

  it("a missing summary is left behind again, and a partial last line is a note, not an error", () => {
    const out = fresh("partial");
    const path = join(out, "records.jsonl");
    const whole = readFileSync(path, "utf8");
    writeFileSync(path, whole + whole.slice(0, 40));
    rmSync(join(out, "summary.json"));
    const r = reportRun({ dir: out });
    expect(r.notes).toEqual([`infermark: ${path} ends in a partial line (a crash mid-write?); it was left out`]);
    expect(existsSync(join(out, "summary.json"))).toBe(true);
  });

  it("--compat gives another tool's view of the same records", () => {
    const r = reportRun({ dir: fresh("compat"), compat: "vllm" });
    expect(r.kind).toBe("compat");
    expect(r.kind === "compat" && r.view.compat).toBe("vllm");
  });
});

describe("eval run directories are checked before the eval summariser reads them", () => {
  const out = join(dir, "eval-run");
  mkdirSync(out);
  const spec = { task: "nowhere.jsonl", scorers: ["exact"], limit: null, samples: 1, seed: 0 };
  writeFileSync(
    join(out, "run.json"),
    JSON.stringify({ schema: "infermark.run/1", kind: "eval", target: {}, spec, api: "chat", prompt_hash: "h" }),
  );
  const records = join(out, "records.jsonl");
  writeFileSync(records, JSON.stringify({ schema: "lm-eval.sample/1", doc_id: 0 }) + "\n");

  it("report and compare name the foreign records line (before the task file is even looked for)", () => {
    const expected = `${records}:1: schema lm-eval.sample/1 is not infermark.record (a file from another tool?); this infermark reads infermark.record/1`;
    expect(messageOf(() => reportRun({ dir: out }))).toBe(expected);
    expect(messageOf(() => compareRunDirs({ a: out, b: out, seed: 0 }))).toBe(expected);
  });

  it("compare refuses a bench or imported run, and report --compat an eval run", () => {
    const bench = join(dir, "imported");
    expect(messageOf(() => compareRunDirs({ a: bench, b: out, seed: 0 }))).toBe(`${bench} is not an eval run`);
    expect(messageOf(() => reportRun({ dir: out, compat: "vllm" }))).toBe(
      "--compat applies to bench runs; this is an eval run",
    );
  });
});
