import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCodeJobs } from "../../../src/runner/code-eval.js";
import { detectIsolation } from "../../../src/runner/sandbox/isolation.js";
import { passAtK } from "../../../src/standards/accuracy/pass-at-k.js";
import type { CodeProblem } from "../../../src/standards/accuracy/code-program.js";
import type { EvalSummary } from "../../../src/standards/accuracy/summarize-eval.js";
import { runCli, SHARED } from "../../helpers/cli.js";
import { rawServer } from "../../helpers/raw-server.js";

const HE = join(SHARED, "datasets", "humaneval");
const jsonl = <T>(p: string): T[] =>
  readFileSync(p, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);

describe("code execution in a sandboxed subprocess", () => {
  it("human-eval's example samples, in the bubblewrap sandbox: rm -rf, sleep past the timeout and input() fail, the three returns pass: pass@1 = 0.5", async () => {
    const [problem] = jsonl<CodeProblem & { task_id: string }>(join(HE, "example_problem.jsonl"));
    const samples = jsonl<{ task_id: string; completion: string }>(join(HE, "example_samples.jsonl"));
    const isolation = await detectIsolation({ unsafeExec: false });
    const results = await runCodeJobs(
      samples.map((s) => ({ problem: problem!, output: s.completion })),
      isolation,
    );
    expect(results.map((r) => r.status)).toEqual(["failed", "timeout", "failed", "passed", "passed", "passed"]);
    expect(new Set(results.map((r) => r.isolation))).toEqual(new Set(["bwrap"]));
    const c = results.filter((r) => r.status === "passed").length;
    // The value human-eval's README prints for these samples.
    expect(passAtK(samples.length, c, 1)).toBe(0.4999999999999999);
  });
});

describe("infermark eval --task humaneval with K samples", () => {
  let server: Awaited<ReturnType<typeof rawServer>>;
  let seen = 0;
  beforeAll(async () => {
    server = await rawServer((_req, res, body) => {
      const ask = body.includes("def add(") ? "add" : "return1";
      // return1 is always right; add is right on its first request only.
      const code =
        ask === "return1"
          ? "def return1():\n    return 1"
          : seen++ === 0
            ? "def add(a, b):\n    return a + b"
            : "def add(a, b):\n    return a * b";
      const content = `Here you go:\n\`\`\`python\n${code}\n\`\`\`\n`;
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: "stop" }] })}\n\ndata: [DONE]\n\n`,
      );
    });
  });
  afterAll(() => server.close());

  it("runs each answer against the item's tests and derives pass@k, pass^k from the same pool", async () => {
    const dir = mkdtempSync(join(tmpdir(), "infermark-he-"));
    const problems = join(dir, "problems.jsonl");
    writeFileSync(
      problems,
      [
        JSON.stringify({
          task_id: "t/0",
          prompt: "def return1():\n",
          test: "def check(candidate):\n    assert candidate() == 1",
          entry_point: "return1",
        }),
        JSON.stringify({
          task_id: "t/1",
          prompt: 'def add(a, b):\n    """Sum."""\n',
          test: "def check(candidate):\n    assert candidate(2, 3) == 5",
          entry_point: "add",
        }),
      ].join("\n") + "\n",
    );
    const out = join(dir, "run");
    const res = await runCli([
      "eval",
      "--target",
      server.url,
      "--task",
      "humaneval",
      "--data",
      problems,
      "--samples",
      "2",
      "--concurrency",
      "1",
      "--out",
      out,
      "--json",
    ]);
    expect(res.code).toBe(0);
    const t = (JSON.parse(res.stdout) as EvalSummary).tasks[0]!;
    // t/0 passes twice, t/1 once of two: pass@1 = (1 + 0.5) / 2.
    expect(t.metrics.pass!.value).toBe(0.75);
    expect(t.metrics.pass!.ci_method).toBe("cluster_bootstrap");
    expect(t.pool!.curve.find((c) => c.k === 1)).toMatchObject({ pass_at_k: 0.75, pass_all_k: 0.75 });
    expect(t.pool!.curve.find((c) => c.k === 2)).toMatchObject({ pass_at_k: 1, pass_all_k: 0.5 });
    const runs = jsonl<{ item_id: string; status: string; isolation: string }>(join(out, "executions.jsonl"));
    expect(runs.map((r) => `${r.item_id}:${r.status}`).sort()).toEqual([
      "t/0:passed",
      "t/0:passed",
      "t/1:failed",
      "t/1:passed",
    ]);
    expect(runs.every((r) => r.isolation === "bwrap")).toBe(true);
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as {
      code_execution: { isolation: string; sessions: Array<{ executions: number; isolation: string }> };
    };
    expect(run.code_execution.isolation).toBe("bwrap");
    expect(run.code_execution.sessions).toMatchObject([{ executions: 4, isolation: "bwrap" }]);
  });

  const oneProblem = (): string => {
    const path = join(mkdtempSync(join(tmpdir(), "infermark-he-")), "problems.jsonl");
    writeFileSync(
      path,
      JSON.stringify({
        task_id: "t/0",
        prompt: "def return1():\n",
        test: "def check(candidate):\n    assert candidate() == 1",
        entry_point: "return1",
      }) + "\n",
    );
    return path;
  };

  it("refuses a code task, before sending any request, when bubblewrap is not there: one line naming --unsafe-exec", async () => {
    const before = server.requests.length;
    // No bwrap on this PATH (node and /usr/bin/python3 are found by absolute path).
    const res = await runCli(
      [
        "eval",
        "--target",
        server.url,
        "--task",
        "humaneval",
        "--data",
        oneProblem(),
        "--out",
        join(mkdtempSync(join(tmpdir(), "infermark-he-")), "run"),
      ],
      { PATH: "/nonexistent" },
    );
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split("\n")).toHaveLength(1);
    expect(res.stderr).toMatch(/bubblewrap.*--unsafe-exec/);
    expect(server.requests.length).toBe(before);
  });

  it("--unsafe-exec runs the code without isolation and records isolation none in run.json and executions.jsonl", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "infermark-he-")), "run");
    const res = await runCli(
      [
        "eval",
        "--target",
        server.url,
        "--task",
        "humaneval",
        "--data",
        oneProblem(),
        "--out",
        out,
        "--unsafe-exec",
        "--json",
      ],
      { PATH: "/nonexistent" },
    );
    expect(res.code).toBe(0);
    const runs = jsonl<{ status: string; isolation: string }>(join(out, "executions.jsonl"));
    expect(runs).toMatchObject([{ status: "passed", isolation: "none" }]);
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as { code_execution: { isolation: string } };
    expect(run.code_execution.isolation).toBe("none");
  });
});

describe("detecting the sandbox", () => {
  it("a bwrap that cannot create its namespaces is refused with its reason, never used or skipped", async () => {
    // A stand-in for a machine without unprivileged user namespaces (this one has them): bwrap starts, then fails as it would there.
    const dir = mkdtempSync(join(tmpdir(), "infermark-bwrap-"));
    // Reachable by nobody, whom bwrap is started as when the tests run as root.
    chmodSync(dir, 0o755);
    const fake = join(dir, "bwrap");
    writeFileSync(
      fake,
      '#!/bin/sh\n[ "$1" = --version ] && echo "bubblewrap 0.8.0" && exit 0\necho "bwrap: No permissions to create new namespace" >&2\nexit 1\n',
    );
    chmodSync(fake, 0o755);
    await expect(detectIsolation({ unsafeExec: false, bwrap: fake })).rejects.toThrow(
      /No permissions to create new namespace.*--unsafe-exec/,
    );
    await expect(detectIsolation({ unsafeExec: false, bwrap: fake })).rejects.toHaveProperty("name", "UserError");
  });
});
