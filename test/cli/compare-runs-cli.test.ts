import { mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChoiceCompareResult } from "../../src/decide/compare-choice.js";
import type { CompareResult } from "../../src/standards/accuracy/compare-eval.js";
import { runCli } from "../helpers/cli.js";
import { rawServer } from "../helpers/raw-server.js";
import { chatSse } from "../helpers/sse.js";

const dir = mkdtempSync(join(tmpdir(), "infermark-compare-runs-"));
const ITEMS = 12;

/** A server that answers "What is K times seven?" right: only as written (`strict`), or however it is cased. */
async function server(strict: boolean): Promise<Awaited<ReturnType<typeof rawServer>>> {
  const re = strict ? /What is (\d+) times seven\?/ : /what is (\d+) times seven\?/i;
  return rawServer((req, res, body) => {
    if (req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: "list", data: [{ id: "times", object: "model" }] }));
      return;
    }
    const prompt = JSON.stringify((JSON.parse(body) as { messages: unknown }).messages);
    const k = re.exec(prompt)?.[1];
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.end(chatSse(`Answer: ${k === undefined ? 5 : 7 * Number(k)}`, { roleFirst: true }));
  });
}

describe("compare: drift per perturbation, and two whole infermark runs", () => {
  let strict: Awaited<ReturnType<typeof rawServer>>;
  let tolerant: Awaited<ReturnType<typeof rawServer>>;
  const data = join(dir, "times.jsonl");
  beforeAll(async () => {
    [strict, tolerant] = await Promise.all([server(true), server(false)]);
    writeFileSync(
      data,
      Array.from({ length: ITEMS }, (_, i) =>
        JSON.stringify({ id: `q${i + 1}`, input: `What is ${i + 1} times seven?`, target: 7 * (i + 1) }),
      ).join("\n") + "\n",
    );
  });
  afterAll(async () => {
    await Promise.all([strict?.close(), tolerant?.close()]);
  });

  it("pairs items per perturbation and flags the perturbations where the servers diverge", async () => {
    const evalOn = async (url: string, out: string): Promise<void> => {
      const r = await runCli([
        "eval",
        "--target",
        url,
        "--task",
        data,
        "--perturb",
        "lowercase,uppercase",
        "--out",
        out,
        "--no-cache",
      ]);
      expect(r.code, r.stderr).toBe(0);
    };
    const a = join(dir, "eval-tolerant");
    const b = join(dir, "eval-strict");
    await evalOn(tolerant.url, a);
    await evalOn(strict.url, b);
    const r = await runCli(["compare", a, b, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout) as CompareResult;
    // As written both servers are right on all 12; cased differently only the tolerant one (A) is.
    const by = c.by_perturbation ?? {};
    expect(Object.keys(by)).toEqual(["original", "lowercase", "uppercase"]);
    expect(by.original?.metrics.numeric).toMatchObject({ n: ITEMS, a: 1, b: 1, difference: 0 });
    for (const p of ["lowercase", "uppercase"]) {
      const m = by[p]?.metrics.numeric;
      expect(m).toMatchObject({ n: ITEMS, a: 1, b: 0, difference: -1 });
      expect(m?.ci95?.[1]).toBeLessThan(0);
    }
    expect(c.divergent?.filter((d) => d.metric === "numeric").map((d) => d.perturbation)).toEqual([
      "lowercase",
      "uppercase",
    ]);
    // The headline comparison is the items as written, where the servers agree.
    expect(c.metrics.numeric).toMatchObject({ n: ITEMS, a: 1, b: 1, difference: 0 });

    const table = await runCli(["compare", a, b]);
    expect(table.stdout).toContain("drift per perturbation, numeric:");
    // Newcombe's paired interval (method 10). Every margin is 0 here, so φ = 0 and each side is the
    // root of the sum of squared Wilson distances; Wilson's upper limit for 0 of 12 is
    // (z²/12) / (1 + z²/12) = 0.24249 (and 1 − that is the lower for 12 of 12). Lower-cased, A is
    // right on all 12 and B on none: −1 + √2 · 0.24249 = −0.6571. As written both are right on all
    // 12: ±0.2425, where a bootstrap, with no discordant pair, said [0, 0].
    expect(table.stdout).toMatch(/^lowercase +12 +1\.0000 +0\.0000 +-1\.0000 +\[-1\.0000, -0\.6571\] +\*$/m);
    expect(table.stdout).toMatch(/^original +12 +1\.0000 +1\.0000 +0\.0000 +\[-0\.2425, 0\.2425\]$/m);
    for (const line of table.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
    expect(table.stdout).toContain("2 significant divergences");
  }, 120_000);

  it("compares two `infermark run` directories candidate by candidate and fails on the regressed one", async () => {
    const config = (name: string): string => {
      const path = join(dir, `${name}.yaml`);
      writeFileSync(
        path,
        `profile: chatbot
candidates:
  - name: server
    target: \${MOCK_URL}
tasks:
  - task: ${data}
perturb: [lowercase]
load:
  concurrency: [1]
  requests: 20
  input_tokens: 16
  output_tokens: 4
`,
      );
      return path;
    };
    const today = join(dir, "today");
    const yesterday = join(dir, "yesterday");
    // Yesterday's server read any casing; today's only the question as written.
    for (const [out, srv] of [
      [yesterday, tolerant],
      [today, strict],
    ] as const) {
      const r = await runCli(["run", config("run"), "--out", out], { MOCK_URL: srv.url });
      expect([0, 3], r.stderr).toContain(r.code);
    }
    const r = await runCli(["compare", yesterday, today, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout) as ChoiceCompareResult;
    expect(c.schema).toBe("infermark.compare-choice/1");
    expect(c.candidates.map((x) => x.name)).toEqual(["server"]);
    expect([c.only_in_a, c.only_in_b]).toEqual([[], []]);
    const [cand] = c.candidates;
    expect(cand?.tasks).toHaveLength(1);
    // As written both are right on every item; lower-cased only yesterday's server is.
    expect(cand?.tasks[0]?.metrics.numeric).toMatchObject({ n: ITEMS, a: 1, b: 1, difference: 0 });
    expect(cand?.tasks[0]?.by_perturbation?.lowercase?.metrics.numeric).toMatchObject({ n: ITEMS, difference: -1 });
    expect(cand?.bench?.levels.map((l) => l.load)).toEqual([{ mode: "concurrency", value: 1 }]);

    // The profile's margin for accuracy (chatbot: 0.02) is the one judged: a drop of 1 lower-cased is a
    // regression; as written, 12 items answered alike cannot show a drop under 0.02 (CI ±0.2425).
    const gate = await runCli(["compare", yesterday, today, "--fail-on-regression"]);
    expect(gate.code).toBe(3);
    expect(gate.stdout).toContain("== candidate server ==");
    expect(gate.stderr).toMatch(/infermark: server: \S+: numeric: inconclusive at margin 0\.02 /);
    expect(gate.stderr).toMatch(/infermark: server: \S+: numeric under lowercase: regression at margin 0\.02 /);
    expect(gate.stderr).toMatch(/infermark: server: latency at margin 0\.02: \d+ regression/);

    // The same run against itself regresses nothing.
    const same = await runCli(["compare", today, today, "--fail-on-regression"]);
    expect(same.code, same.stderr).toBe(0);

    // A whole run and an eval run are different kinds: one line says so.
    const mixed = await runCli(["compare", today, join(dir, "eval-strict")]);
    expect(mixed.code).not.toBe(0);
    expect(mixed.stderr.trim()).toMatch(/is an infermark run and .* an eval run; compare two runs of one kind/);

    // `report` of the whole run prints its scorecard, from any working directory.
    const rep = await runCli(["report", today, "--json"]);
    expect(rep.code, rep.stderr).toBe(0);
    expect((JSON.parse(rep.stdout) as { schema: string }).schema).toBe("infermark.choice/1");

    // A load stage whose summary says a level was cut (Ctrl-C writes one) is run again, not taken as done.
    const benchSummary = join(yesterday, "server", "bench", "summary.json");
    const cut = JSON.parse(readFileSync(benchSummary, "utf8")) as { levels: Array<Record<string, unknown>> };
    const level0 = cut.levels[0];
    if (!level0) throw new Error("no level 0");
    level0.cut = { level: 0, load: level0.load, reason: "short" };
    writeFileSync(benchSummary, JSON.stringify(cut));
    const rerun = await runCli(["run", config("run"), "--out", yesterday], { MOCK_URL: tolerant.url });
    expect([0, 3], rerun.stderr).toContain(rerun.code);
    expect(rerun.stderr).toContain("server: the load stage was cut before it finished");
    expect(rerun.stderr).not.toContain("load stage already done");
    const fresh = JSON.parse(readFileSync(benchSummary, "utf8")) as { levels: Array<{ cut?: unknown }> };
    expect(fresh.levels.map((l) => l.cut)).toEqual([undefined]);

    // Moved elsewhere, the run is still read from where it is now: its stages are found inside it.
    const moved = join(dir, "moved");
    renameSync(today, moved);
    const html = join(dir, "moved.html");
    const again = await runCli(["report", moved, "--html", html]);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(html, "utf8")).toContain('<section id="c1-efficiency">');
    const movedCompare = await runCli(["compare", yesterday, moved, "--json"]);
    expect(movedCompare.code, movedCompare.stderr).toBe(0);
  }, 240_000);
});
