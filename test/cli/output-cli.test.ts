import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnMockServer, type SpawnedMockServer } from "../../src/mock/spawn.js";
import type { EvalSummary } from "../../src/standards/accuracy/summarize-eval.js";
import { spawn } from "node:child_process";
import type { RequestRecord } from "../../src/records/record.js";
import { CLI, cliEnv, runCli, SHARED, SHARED_MODEL, type CliResult } from "../helpers/cli.js";

/** Runs the CLI on a pseudo-terminal (util-linux `script`), where progress bars are drawn; stdout and stderr are both that terminal. */
function inPty(args: string[]): Promise<CliResult> {
  const cmd = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  return new Promise((resolve) => {
    const child = spawn("script", ["-qefc", cmd, "/dev/null"], {
      env: cliEnv({ CI: "" }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const dir = mkdtempSync(join(tmpdir(), "infermark-output-"));
// eslint-disable-next-line no-control-regex
const visible = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, "");
const tooWide = (text: string): string[] =>
  visible(text)
    .split("\n")
    .filter((l) => l.length > 80);

/** Four-option questions, written as a user's own multiple-choice file. */
function mcTask(path: string, n: number): string {
  const rows = Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      id: `q${i}`,
      input: `Question ${i}: which one?`,
      choices: ["red", "green", "blue", "grey"],
      target: i % 4,
    }),
  );
  writeFileSync(path, rows.join("\n") + "\n");
  return path;
}

const ok = (r: CliResult): CliResult => {
  expect(r.code, r.stderr).toBe(0);
  return r;
};

describe("output people can read (CLI, mock server in another process)", () => {
  let fast: SpawnedMockServer;
  let slow: SpawnedMockServer;
  const mc = join(dir, "mc.jsonl");
  const runs = {
    benchA: join(dir, "bench-a"),
    benchB: join(dir, "bench-b"),
    evalA: join(dir, "eval-a"),
    evalB: join(dir, "eval-b"),
  };
  const outputs: Record<string, CliResult> = {};

  beforeAll(async () => {
    [fast, slow] = await Promise.all([
      spawnMockServer(["--ttft", "5", "--itl", "1", "--model", "fast-model"]),
      spawnMockServer(["--ttft", "20", "--itl", "1", "--model", "slow-model"]),
    ]);
    mcTask(mc, 12);
    const bench = (url: string, out: string): string[] => [
      "bench",
      "--target",
      url,
      "--concurrency",
      "1,2",
      "--requests",
      "12",
      "--output-tokens",
      "4",
      "--out",
      out,
    ];
    // Every sample pool, perturbation and usability table in one run.
    const evalArgs = (url: string, out: string): string[] => [
      "eval",
      "--target",
      url,
      "--task",
      mc,
      "--samples",
      "4",
      "--logprobs",
      "--perturb",
      "typo:0.1,lowercase",
      "--usability",
      "repetition,verbosity",
      "--max-tokens",
      "8",
      "--out",
      out,
    ];
    [outputs.benchA, outputs.benchB, outputs.evalA, outputs.evalB] = await Promise.all([
      runCli(bench(slow.url, runs.benchA)),
      runCli(bench(fast.url, runs.benchB)),
      runCli(evalArgs(slow.url, runs.evalA)),
      runCli(evalArgs(fast.url, runs.evalB)),
    ]);
    for (const r of Object.values(outputs)) ok(r);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([fast?.close(), slow?.close()]);
  });

  it("prints every table kind within 80 columns", async () => {
    const pairs = join(dir, "pairs.jsonl");
    writeFileSync(pairs, ['{"prediction": "4", "target": 4}', '{"prediction": "five", "target": 5}'].join("\n") + "\n");
    const cfg = join(dir, "eval.yaml");
    writeFileSync(
      cfg,
      `candidates:\n  - name: fast\n    target: ${fast.url}\n  - name: slow\n    target: ${slow.url}\n` +
        `tasks:\n  - task: ${mc}\n    limit: 4\n    max_tokens: 4\nload:\n  concurrency: [1]\n  requests: 8\n  input_tokens: 16\n  output_tokens: 4\n`,
    );
    const [compareEval, compareBench, report, score, ifeval, scorecard, calibrate] = await Promise.all([
      runCli(["compare", runs.evalA, runs.evalB]),
      runCli(["compare", runs.benchA, runs.benchB]),
      runCli(["report", runs.benchA]),
      runCli(["score", "--metric", "numeric", "--input", pairs]),
      runCli([
        "score",
        "--metric",
        "ifeval",
        "--data",
        join(SHARED, "datasets", "ifeval", "input_data.jsonl"),
        "--input",
        join(SHARED, "datasets", "ifeval", "input_response_data_gpt4_20231107_145030.jsonl"),
      ]),
      runCli(["run", cfg, "--out", join(dir, "run")]),
      runCli(["calibrate", "--concurrency", "1,2", "--workers", "1", "--ttft", "2", "--itl", "1", "--tokens", "4"]),
    ]);
    const kinds: Record<string, CliResult> = {
      bench: outputs.benchA!,
      eval: outputs.evalA!,
      "compare eval": compareEval,
      "compare bench": compareBench,
      "report (levels)": report,
      score,
      ifeval,
      scorecard,
      calibrate,
    };
    // No candidate meets every hard gate of the default profile here: run says so with exit code 3.
    expect([0, 3], scorecard.stderr).toContain(scorecard.code);
    for (const [kind, r] of Object.entries(kinds)) {
      if (kind !== "scorecard") ok(r);
      expect(r.stdout.trim().length, kind).toBeGreaterThan(0);
      expect(tooWide(r.stdout), kind).toEqual([]);
    }
    // Each kind shows the table it is named for.
    const evalOut = outputs.evalA!.stdout;
    expect(evalOut).toMatch(/^ *k +pass@k +95% CI +n +pass\^k +maj@k +tok\/item$/m);
    expect(evalOut).toMatch(/robustness|perturb/i);
    expect(evalOut).toMatch(/repetition/);
    expect(outputs.benchA!.stdout).toMatch(/── levels ──/);
    expect(calibrate.stdout).toMatch(/^ *threads +streams +tok\/s +p50 +p99 +\/1k tok +p99 ms +limited$/m);
    expect(calibrate.stdout).toMatch(/^threads 1: TTFT error p50/m);
  }, 240_000);

  it("eval and report of an eval run print the target and model, as bench does", async () => {
    const line = `target: openai ${slow.url} model slow-model`;
    expect(outputs.benchA!.stdout.split("\n")[0]).toBe(line);
    expect(outputs.evalA!.stdout.split("\n")[0]).toBe(line);
    const rep = ok(await runCli(["report", runs.evalA]));
    expect(rep.stdout.split("\n")[0]).toBe(line);
  });

  it("pass@k is a table: k = 1, 2, 4 with n = the 12 items, and a CI around each value", async () => {
    const s = JSON.parse(ok(await runCli(["report", runs.evalA, "--json"])).stdout) as EvalSummary;
    const curve = s.tasks[0]!.pool!.curve;
    expect(curve.map((c) => [c.k, c.n])).toEqual([
      [1, 12],
      [2, 12],
      [4, 12],
    ]);
    for (const c of curve) {
      expect(c.pass_at_k_ci95[0]).toBeLessThanOrEqual(c.pass_at_k);
      expect(c.pass_at_k_ci95[1]).toBeGreaterThanOrEqual(c.pass_at_k);
    }
    const rows = outputs.evalA!.stdout.split("\n").filter((l) => /^ *[124] +\d\.\d{3} +\[/.test(l));
    expect(rows).toHaveLength(3);
  });

  it("--logprobs against a server that returns none shows choice_logprob as n/a with the reason, in the table and the JSON", async () => {
    expect(outputs.evalA!.stdout).toMatch(/^choice_logprob +— +n\/a +see below/m);
    // 12 items × 4 samples, as written and under 2 perturbations: 144 answers, none with logprobs.
    expect(outputs.evalA!.stdout.replace(/\n +/g, " ")).toMatch(
      /^choice_logprob n\/a: --logprobs was asked for, but the target returned no logprobs in any of 144 answers$/m,
    );
    const s = JSON.parse(ok(await runCli(["report", runs.evalA, "--json"])).stdout) as EvalSummary;
    const t = s.tasks[0]!;
    expect(t.metrics.choice_logprob).toBeUndefined();
    expect(t.not_applicable?.choice_logprob).toMatch(/the target returned no logprobs in any of 144 answers/);
  });

  it("says the small-n warning once for a multi-level run", () => {
    const out = outputs.benchA!.stdout;
    expect(out.match(/rests on/g)).toHaveLength(1);
    expect(out).toMatch(/p99 rests on fewer than 1,000 requests at levels 0, 1 \(n 12, 12\)/);
  });

  it("gives the embedded engine no --workers advice, and says the small-n warning once", async () => {
    const r = ok(
      await runCli([
        "bench",
        "--target",
        SHARED_MODEL,
        "--concurrency",
        "1,2",
        "--requests",
        "8",
        "--input-tokens",
        "16",
        "--output-tokens",
        "4",
        "--out",
        join(dir, "engine"),
      ]),
    );
    expect(r.stdout + r.stderr).not.toMatch(/--workers/);
    expect(r.stdout.match(/rests on/g)).toHaveLength(1);
    expect(tooWide(r.stdout)).toEqual([]);
  }, 120_000);

  it("on a terminal, eval's bar is labelled with its task and calibrate has one per level, with live figures", async () => {
    const [ev, cal] = await Promise.all([
      inPty(["eval", "--target", fast.url, "--task", mc, "--max-tokens", "4", "--out", join(dir, "eval-tty")]),
      inPty(["calibrate", "--concurrency", "1", "--workers", "1", "--ttft", "2", "--itl", "1", "--tokens", "4"]),
    ]);
    expect(ev.code, ev.stdout).toBe(0);
    expect(ev.stdout).toMatch(/mc \[[█░]+\] \d+\/12 {2}[\d.]+ req\/s {2}TTFT p50 [\d.]+ ms {2}err 0 {2}ETA \d+s/);
    expect(ev.stdout).not.toMatch(/level 0/);
    expect(cal.code, cal.stdout).toBe(0);
    // One initial request, then max(4 × 1, 64) measured.
    expect(cal.stdout).toMatch(/threads 1 c=1 \[[█░]+\] \d+\/64 {2}[\d.]+ req\/s/);
  }, 120_000);

  it("explains an achieved rate below the offered one by the stream tail counted in the duration", async () => {
    const out = join(dir, "rate");
    // 20 arrivals at 50 req/s take ~0.4 s to send; each stream lasts ~5 + 40 × 5 ms, so the tail is ~0.2 s of ~0.6 s.
    const slowStream = await spawnMockServer(["--ttft", "5", "--itl", "5"]);
    try {
      const r = ok(
        await runCli([
          "bench",
          "--target",
          slowStream.url,
          "--rate",
          "50",
          "--arrival",
          "constant",
          "--requests",
          "20",
          "--output-tokens",
          "40",
          "--input-tokens",
          "8",
          "--out",
          out,
          "--json",
        ]),
      );
      const level = (JSON.parse(r.stdout) as { levels: Array<{ validity: { warnings: string[] } }> }).levels[0]!;
      const w = level.validity.warnings.find((x) => x.startsWith("achieved rate"));
      // Expected figures from the records, by the definition achieved = completed / (last end − first send).
      const recs = readFileSync(join(out, "records.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as RequestRecord);
      const measured = recs.filter((x) => x.phase === "measure");
      const first = Math.min(...measured.map((x) => x.t_sent));
      const lastSend = Math.max(...measured.map((x) => x.t_sent));
      const lastEnd = Math.max(...measured.map((x) => x.t_end));
      const duration = (lastEnd - first) / 1000;
      const tail = (lastEnd - lastSend) / 1000;
      expect(w).toBe(
        `achieved rate ${(20 / duration).toFixed(2)} req/s is below the offered 50 req/s: achieved = 20 completed / ${duration.toFixed(2)} s from first send to last stream end; ` +
          `the sends took ${((lastSend - first) / 1000).toFixed(2)} s and the stream tail after the last send ${tail.toFixed(2)} s (${((100 * tail) / duration).toFixed(0)}% of the duration)` +
          (w?.includes("fell behind")
            ? "; the server fell behind: stream ends spread over more time than the sends"
            : ""),
      );
    } finally {
      await slowStream.close();
    }
  }, 60_000);
});
