import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestRecord } from "../../src/records/record.js";
import { runCli, SHARED_MODEL } from "../helpers/cli.js";
import { rawServer } from "../helpers/raw-server.js";
import { chatSse } from "../helpers/sse.js";

const dir = mkdtempSync(join(tmpdir(), "infermark-robust-"));

describe("eval --perturb against a server whose answers depend on the wording", () => {
  let server: Awaited<ReturnType<typeof rawServer>>;
  beforeAll(async () => {
    // Right for A only when asked in its exact original casing; right for B however asked; wrong for C always.
    server = await rawServer((_req, res, body) => {
      const prompt = JSON.stringify((JSON.parse(body) as { messages: unknown }).messages);
      const answer = prompt.includes("What is six times seven?") ? "42" : /spider/i.test(prompt) ? "8" : "5";
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(chatSse(`Answer: ${answer}`, { roleFirst: true }));
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("reports accuracy, flips and worst case as worked out by hand", async () => {
    const data = join(dir, "q.jsonl");
    writeFileSync(
      data,
      [
        { id: "A", input: "What is six times seven?", target: 42 },
        { id: "B", input: "How many legs does a spider have?", target: 8 },
        { id: "C", input: "What is two plus two?", target: 4 },
      ]
        .map((r) => JSON.stringify(r))
        .join("\n") + "\n",
    );
    const out = join(dir, "run");
    const r = await runCli([
      "eval",
      "--target",
      server.url,
      "--task",
      data,
      "--perturb",
      "lowercase,uppercase",
      "--out",
      out,
      "--json",
      "--no-cache",
    ]);
    expect(r.code).toBe(0);
    const task = (
      JSON.parse(r.stdout) as {
        tasks: Array<{ metrics: Record<string, { value: number }>; robustness: Record<string, unknown> }>;
      }
    ).tasks[0];
    // Original: A right, B right, C wrong = 2/3. Lower/upper case: A wrong (the casing changed), B right, C wrong = 1/3,
    // one flip to wrong (A) and none to right. Worst case per item: A 0, B 1, C 0 = 1/3.
    expect(task?.metrics.numeric?.value).toBeCloseTo(2 / 3, 12);
    const rob = task?.robustness as {
      original: { value: number };
      perturbations: Record<
        string,
        {
          accuracy: { value: number };
          delta: { value: number };
          flip_rate: { value: number };
          flips: { to_wrong: number; to_right: number };
        }
      >;
      worst_case: { value: number; n: number };
    };
    expect(rob.original.value).toBeCloseTo(2 / 3, 12);
    for (const p of ["lowercase", "uppercase"]) {
      expect(rob.perturbations[p]?.accuracy.value).toBeCloseTo(1 / 3, 12);
      expect(rob.perturbations[p]?.delta.value).toBeCloseTo(-1 / 3, 12);
      expect(rob.perturbations[p]?.flips).toEqual({ to_wrong: 1, to_right: 0 });
      expect(rob.perturbations[p]?.flip_rate.value).toBeCloseTo(1 / 3, 12);
    }
    expect(rob.worst_case.value).toBeCloseTo(1 / 3, 12);
    // The flips behind the counts: A under each case change, right → wrong, with both prompts and answers.
    const flips = (
      JSON.parse(r.stdout) as {
        tasks: Array<{
          flips: Array<{
            item_id: string;
            variant: string;
            direction: string;
            original: { prompt: string; answer: string };
            perturbed: { prompt: string; answer: string };
          }>;
        }>;
      }
    ).tasks[0]?.flips;
    expect(flips?.map((f) => [f.item_id, f.variant, f.direction])).toEqual([
      ["A", "lowercase", "to_wrong"],
      ["A", "uppercase", "to_wrong"],
    ]);
    expect(flips?.[0]?.original.prompt).toContain("What is six times seven?");
    expect(flips?.[0]?.perturbed.prompt).toContain("what is six times seven?");
    expect([flips?.[0]?.original.answer, flips?.[0]?.perturbed.answer]).toEqual(["42", "5"]);
    expect(rob.worst_case.n).toBe(3);
    // A perturbed record names its variant and carries the exact text sent.
    const records = readFileSync(join(out, "records.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as RequestRecord);
    const lowerA = records.find((x) => x.eval?.item_id === "A" && x.eval.variant?.name === "lowercase");
    expect(JSON.stringify(lowerA?.request.body)).toContain("what is six times seven?");
    expect(records).toHaveLength(9);
  });

  it("refuses an unknown perturbation in one line that lists the valid ones", async () => {
    const r = await runCli([
      "eval",
      "--target",
      server.url,
      "--task",
      join(dir, "q.jsonl"),
      "--perturb",
      "tyop:0.1",
      "--out",
      join(dir, "bad"),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^infermark: unknown perturbation "tyop"; valid: typo, misspelling, /);
  });
});

describe("eval --perturb on the embedded engine", () => {
  it("completes and prints the robustness table", async () => {
    const r = await runCli([
      "eval",
      "--target",
      `llama:${SHARED_MODEL}`,
      "--task",
      "gsm8k",
      "--data",
      join(SHARED_MODEL, "..", "..", "datasets", "gsm8k", "test.jsonl"),
      "--limit",
      "3",
      "--max-tokens",
      "8",
      "--perturb",
      "typo:0.2,lowercase",
      "--out",
      join(dir, "llama"),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/robustness \(3 items; original accuracy/);
    expect(r.stdout).toMatch(/^typo:0\.2 +char +3 /m);
    expect(r.stdout).toMatch(/worst case: /);
  }, 120_000);
});
