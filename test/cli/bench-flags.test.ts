import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnMockServer, type SpawnedMockServer } from "../../src/mock/spawn.js";
import type { MockLogEntry } from "../../src/mock/sse-server.js";
import type { RequestRecord } from "../../src/records/record.js";
import { runCli } from "../helpers/cli.js";

// bench's workload and phase flags on an HTTP target, checked from what the server says it received
// (the mock's own log of each request body) and from the records' phases and intended send times.

const tmp = mkdtempSync(join(tmpdir(), "infermark-flags-"));
const readRecords = (dir: string): RequestRecord[] =>
  readFileSync(join(dir, "records.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as RequestRecord);
type Body = {
  messages?: Array<{ role: string; content: string }>;
  prompt?: string;
  max_tokens?: number;
  ignore_eos?: boolean;
  stream?: boolean;
};
const body = (e: MockLogEntry): Body => e.body as Body;
const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

describe("infermark bench flags, as the server saw them", () => {
  let mock: SpawnedMockServer;
  beforeAll(async () => {
    mock = await spawnMockServer(["--ttft", "20", "--itl", "2"]);
  });
  afterAll(() => mock?.close());

  /** Runs bench and returns its records and the log entries of exactly the requests it sent. */
  async function run(
    name: string,
    flags: string[],
  ): Promise<{ records: RequestRecord[]; seen: MockLogEntry[]; out: string }> {
    const from = (await mock.log()).length;
    const out = join(tmp, name);
    const res = await runCli(["bench", "--target", mock.url, "--no-initial-request", "--out", out, "--json", ...flags]);
    expect(res.code, res.stderr).toBe(0);
    return { records: readRecords(out), seen: (await mock.log()).slice(from), out };
  }

  it("--ignore-eos puts ignore_eos: true on every request; without it the field is not sent", async () => {
    const on = await run("eos-on", ["--requests", "4", "--output-tokens", "6", "--ignore-eos"]);
    expect(on.seen).toHaveLength(4);
    expect(on.seen.map((e) => [body(e).ignore_eos, body(e).max_tokens])).toEqual(Array(4).fill([true, 6]));
    const off = await run("eos-off", ["--requests", "4", "--output-tokens", "6"]);
    expect(off.seen).toHaveLength(4);
    expect(off.seen.every((e) => !("ignore_eos" in body(e)))).toBe(true);
  });

  it("--shared-prefix 12: every prompt starts with the same 12 words and no more; without it they share none", async () => {
    const commonWords = (seen: MockLogEntry[]): number => {
      const ws = seen.map((e) => words(body(e).messages![0]!.content));
      let n = 0;
      while (ws.every((w) => w[n] !== undefined && w[n] === ws[0]![n])) n++;
      return n;
    };
    const shared = await run("prefix", [
      "--requests",
      "6",
      "--output-tokens",
      "2",
      "--input-tokens",
      "40",
      "--shared-prefix",
      "12",
    ]);
    expect(shared.seen).toHaveLength(6);
    expect(commonWords(shared.seen)).toBe(12);
    // Six prompts, six different continuations after the prefix.
    expect(new Set(shared.seen.map((e) => words(body(e).messages![0]!.content).slice(12).join(" "))).size).toBe(6);
    const plain = await run("no-prefix", ["--requests", "6", "--output-tokens", "2", "--input-tokens", "40"]);
    expect(commonWords(plain.seen)).toBe(0);
  });

  it("--dataset: each row is sent as written (prompt rows as one user message), its max_tokens kept, rows cycled evenly", async () => {
    const file = join(tmp, "prompts.jsonl");
    writeFileSync(
      file,
      [
        JSON.stringify({ prompt: "Name a prime number." }),
        JSON.stringify({
          messages: [
            { role: "system", content: "Be brief." },
            { role: "user", content: "Why is the sky blue?" },
          ],
        }),
        JSON.stringify({ prompt: "Count to three.", max_tokens: 3 }),
      ].join("\n") + "\n",
    );
    const { seen, records } = await run("dataset", ["--dataset", file, "--requests", "6", "--output-tokens", "5"]);
    expect(seen).toHaveLength(6);
    expect(records).toHaveLength(6);
    const sent = seen.map((e) => JSON.stringify([body(e).messages, body(e).max_tokens])).sort();
    const want = [
      [[{ role: "user", content: "Name a prime number." }], 5],
      [
        [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Why is the sky blue?" },
        ],
        5,
      ],
      [[{ role: "user", content: "Count to three." }], 3],
    ].flatMap((w) => [JSON.stringify(w), JSON.stringify(w)]);
    expect(sent).toEqual(want.sort());
    // The server's output length follows each row's budget.
    expect(records.map((r) => r.tokens.output).sort()).toEqual([3, 3, 5, 5, 5, 5]);
  });

  it("--dataset with --api completions: prompt rows as the prompt, a messages row as its contents joined by blank lines (docs/targets.md)", async () => {
    const file = join(tmp, "prompts-completions.jsonl");
    writeFileSync(
      file,
      [
        JSON.stringify({ prompt: "Name a prime number." }),
        JSON.stringify({
          messages: [
            { role: "system", content: "Be brief." },
            { role: "user", content: "Why is the sky blue?" },
          ],
        }),
      ].join("\n") + "\n",
    );
    const from = (await mock.log()).length;
    const res = await runCli([
      "bench",
      "--target",
      mock.url,
      "--api",
      "completions",
      "--dataset",
      file,
      "--requests",
      "4",
      "--output-tokens",
      "3",
      "--no-initial-request",
      "--out",
      join(tmp, "dataset-completions"),
      "--json",
    ]);
    expect(res.code, res.stderr).toBe(0);
    const seen = (await mock.log()).slice(from);
    expect(seen.map((e) => [body(e).prompt, "messages" in body(e)]).sort()).toEqual([
      ["Be brief.\n\nWhy is the sky blue?", false],
      ["Be brief.\n\nWhy is the sky blue?", false],
      ["Name a prime number.", false],
      ["Name a prime number.", false],
    ]);
  });

  it("--warmup 1s: requests sent in the level's first second are warmup, the next --requests are measured", async () => {
    const { records, seen, out } = await run("warmup-s", ["--requests", "5", "--output-tokens", "4", "--warmup", "1s"]);
    const warm = records.filter((r) => r.phase === "warmup");
    const measured = records.filter((r) => r.phase === "measure");
    expect(measured).toHaveLength(5);
    // Each request takes ≥ 26 ms (20 ms TTFT + 3 gaps of 2 ms; 24 allowing for timers firing early): few fit in the second.
    expect(warm.length).toBeGreaterThanOrEqual(1);
    expect(warm.length).toBeLessThanOrEqual(Math.ceil(1000 / 24));
    const t0 = Math.min(...records.map((r) => r.t_intended));
    for (const r of warm) expect(r.t_intended - t0).toBeLessThan(1000);
    for (const r of measured) expect(r.t_intended - t0).toBeGreaterThanOrEqual(1000);
    // Warmup requests are sent (the server saw them) but not counted.
    expect(seen).toHaveLength(records.length);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as {
      levels: Array<{ requests: { sent: number; completed: number } }>;
    };
    expect(summary.levels[0]!.requests).toMatchObject({ sent: 5, completed: 5 });
  });

  it("--duration 1 --cooldown 0.4s: a measured second, then 0.4 s of cooldown, each phase timed from its first request", async () => {
    const { records, seen, out } = await run("duration", [
      "--duration",
      "1",
      "--cooldown",
      "0.4s",
      "--output-tokens",
      "4",
    ]);
    const measured = records.filter((r) => r.phase === "measure");
    const cool = records.filter((r) => r.phase === "cooldown");
    expect(records.filter((r) => r.phase === "warmup")).toHaveLength(0);
    expect(measured.length).toBeGreaterThanOrEqual(1);
    expect(cool.length).toBeGreaterThanOrEqual(1);
    const m0 = Math.min(...measured.map((r) => r.t_intended));
    const c0 = Math.min(...cool.map((r) => r.t_intended));
    for (const r of measured) expect(r.t_intended - m0).toBeLessThan(1000);
    expect(c0 - m0).toBeGreaterThanOrEqual(1000);
    for (const r of cool) expect(r.t_intended - c0).toBeLessThan(400);
    // Phases come in order: every measured request was intended before every cooldown one.
    expect(Math.max(...measured.map((r) => r.t_intended))).toBeLessThan(c0);
    expect(seen).toHaveLength(records.length);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as {
      levels: Array<{ requests: { sent: number; completed: number } }>;
    };
    expect(summary.levels[0]!.requests).toMatchObject({ sent: measured.length, completed: measured.length });
  });

  it("--cooldown 2 (requests): the last two requests of the level are cooldown, sent and not counted", async () => {
    const { records, seen, out } = await run("cooldown-n", [
      "--requests",
      "5",
      "--cooldown",
      "2",
      "--output-tokens",
      "4",
    ]);
    expect(records.map((r) => r.phase)).toEqual([
      "measure",
      "measure",
      "measure",
      "measure",
      "measure",
      "cooldown",
      "cooldown",
    ]);
    expect(seen).toHaveLength(7);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as {
      levels: Array<{ requests: { sent: number }; tokens: { output: number } }>;
    };
    expect(summary.levels[0]!.requests.sent).toBe(5);
    expect(summary.levels[0]!.tokens.output).toBe(20);
  });
});
