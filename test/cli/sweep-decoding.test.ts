import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvalSummary } from "../../src/standards/accuracy/summarize-eval.js";
import { runCli, SHARED_MODEL } from "../helpers/cli.js";
import { rawServer } from "../helpers/raw-server.js";

function sse(content: string): string {
  const chunk = (delta: Record<string, string>, finish: string | null): string =>
    `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  return (
    chunk({ role: "assistant", content }, null) +
    chunk({}, "stop") +
    `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 1 } })}\n\ndata: [DONE]\n\n`
  );
}

const KEYS = ["k0", "k1", "k2", "k3"];
/** How many of the four items (the first ones) the server gets right: fewer the hotter it samples, one fewer at top_p 0.9. */
function rightCount(temperature: number, topP: number): number {
  const byTemperature = temperature === 0 ? 4 : temperature === 0.7 ? 2 : 1;
  return Math.max(0, byTemperature - (topP === 0.9 ? 1 : 0));
}

describe("eval --sweep-decoding against a server whose accuracy depends on the sampling settings", () => {
  let server: Awaited<ReturnType<typeof rawServer>>;
  let dir: string;
  let task: string;
  beforeAll(async () => {
    server = await rawServer((_req, res, body) => {
      const b = JSON.parse(body) as { temperature?: number; top_p?: number; messages: Array<{ content: string }> };
      const text = b.messages.map((m) => m.content).join(" ");
      const i = KEYS.findIndex((k) => text.includes(`(${k})`));
      const right = i >= 0 && i < rightCount(b.temperature ?? 0, b.top_p ?? 1);
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(sse(right ? `answer-${i}` : "wrong"));
    });
    dir = mkdtempSync(join(tmpdir(), "infermark-sweep-"));
    task = join(dir, "items.jsonl");
    writeFileSync(
      task,
      KEYS.map((k, i) => JSON.stringify({ id: k, input: `Say it (${k})`, target: `answer-${i}` })).join("\n") + "\n",
    );
  });
  afterAll(() => server.close());

  const sweep = (out: string, extra: string[] = []): ReturnType<typeof runCli> =>
    runCli([
      "eval",
      "--target",
      server.url,
      "--task",
      task,
      "--scorer",
      "exact",
      "--sweep-decoding",
      "temperature=0,0.7,1;top_p=1,0.9",
      "--out",
      out,
      ...extra,
    ]);

  it("reports each point, best, worst, default and the spread with its paired CI, as worked out by hand", async () => {
    const out = join(dir, "sweep");
    const res = await sweep(out, ["--json"]);
    expect(res.stderr).not.toMatch(/Error/);
    expect(res.code).toBe(0);
    const s = (JSON.parse(res.stdout) as EvalSummary).tasks[0]!.decoding_sweep!;
    expect(s.metric).toBe("exact");
    expect(s.points.map((p) => [p.label, p.value, p.n])).toEqual([
      ["temperature=0,top_p=1", 1, 4],
      ["temperature=0,top_p=0.9", 0.75, 4],
      ["temperature=0.7,top_p=1", 0.5, 4],
      ["temperature=0.7,top_p=0.9", 0.25, 4],
      ["temperature=1,top_p=1", 0.25, 4],
      ["temperature=1,top_p=0.9", 0, 4],
    ]);
    // A file task samples at temperature 0; top_p 1 leaves sampling as it is: the first point is the default.
    expect(s.points.filter((p) => p.default).map((p) => p.label)).toEqual(["temperature=0,top_p=1"]);
    expect(s).toMatchObject({ best: "temperature=0,top_p=1", worst: "temperature=1,top_p=0.9" });
    expect(s.default).toBe("temperature=0,top_p=1");
    expect(s.spread.value).toBe(1);
    // Every item right at best and wrong at worst: a difference of 1 on each of the 4 items. Newcombe's
    // paired interval (method 10; φ = 0, every margin being 0): 1 − √2 · u, u = Wilson's upper limit for
    // 0 of 4 = (z²/4) / (1 + z²/4) = 0.48990, so [0.3072, 1]: four items cannot pin the spread at 1.
    if (s.spread.value === null) throw new Error("no spread");
    expect(s.spread.best_minus_worst).toMatchObject({ n: 4, difference: 1 });
    expect(s.spread.best_minus_worst.ci95?.[0]).toBeCloseTo(0.3072, 4);
    expect(s.spread.best_minus_worst.ci95?.[1]).toBeCloseTo(1, 12);
    // Wilson 95% for 3 of 4 at temperature 0, top_p 0.9: (0.75 + z²/8 ± z·√(0.046875 + z²/64)) / (1 + z²/4).
    expect(s.points[1]!.ci95[0]).toBeCloseTo(0.3006, 3);
    expect(s.points[1]!.ci95[1]).toBeCloseTo(0.9544, 3);
    // The summary is the default point's; every point is an eval run of its own.
    expect((JSON.parse(res.stdout) as EvalSummary).tasks[0]!.metrics.exact!.value).toBe(1);
    const hot = JSON.parse(readFileSync(join(out, "temperature-1_top_p-0.9", "run.json"), "utf8")) as {
      spec: { temperature: number };
    };
    expect(hot.spec.temperature).toBe(1);
    expect(server.requests).toHaveLength(24);
    const written = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as EvalSummary;
    expect(written.tasks[0]!.decoding_sweep!.best).toBe("temperature=0,top_p=1");

    // The same command again resumes every point: nothing is asked, the table is the same surface.
    const again = await sweep(out);
    expect(again.code).toBe(0);
    expect(server.requests).toHaveLength(24);
    expect(again.stdout).toContain("decoding sweep (exact), * = the task's own settings");
    expect(again.stdout).toMatch(/temperature=1,top_p=0\.9\s+4\s+0\.000/);
    expect(again.stdout).toContain(
      "spread (max − min): 1.000\nbest − worst, paired over 4 items: 1.000 [0.307, 1.000]",
    );
    const table = again.stdout.slice(again.stdout.indexOf("decoding sweep"));
    for (const line of table.split("\n")) expect(line.length).toBeLessThanOrEqual(80);

    // `report` on the sweep's folder prints the sweep as it was run, asking nothing.
    const rep = await runCli(["report", out]);
    expect(rep.code, rep.stderr).toBe(0);
    expect(rep.stdout).toContain("decoding sweep (exact), * = the task's own settings");
    expect(server.requests).toHaveLength(24);
  });

  it("a default outside the grid is run as its own point, outside best and worst", async () => {
    const res = await runCli([
      "eval",
      "--target",
      server.url,
      "--task",
      task,
      "--scorer",
      "exact",
      "--sweep-decoding",
      "temperature=0.7,1",
      "--out",
      join(dir, "hot"),
      "--json",
    ]);
    expect(res.code).toBe(0);
    const s = (JSON.parse(res.stdout) as EvalSummary).tasks[0]!.decoding_sweep!;
    expect(s.points.map((p) => [p.label, p.value, p.in_grid, p.default])).toEqual([
      ["temperature=0.7", 0.5, true, false],
      ["temperature=1", 0.25, true, false],
      ["default (temperature=0)", 1, false, true],
    ]);
    expect(s).toMatchObject({ best: "temperature=0.7", worst: "temperature=1", spread: { value: 0.25 } });
  });

  it("refuses a key the target cannot take, an unknown key, or a key --param already sets, in one line", async () => {
    const engine = await runCli(
      [
        "eval",
        "--task",
        task,
        "--scorer",
        "exact",
        "--sweep-decoding",
        "frequency_penalty=0,1",
        "--out",
        join(dir, "e"),
      ],
      { INFERMARK_MODEL: SHARED_MODEL },
    );
    expect(engine.code).toBe(2);
    expect(engine.stderr.trim().split("\n")).toHaveLength(1);
    expect(engine.stderr).toMatch(/--sweep-decoding frequency_penalty: the embedded engine takes only temperature/);
    const unknown = await sweep(join(dir, "u"), ["--sweep-decoding", "heat=1"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown key "heat"; expected one of temperature, top_p, top_k, min_p/);
    const both = await sweep(join(dir, "b"), ["--param", "top_p=0.5"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/varies top_p, which --param also sets/);
  });
});
