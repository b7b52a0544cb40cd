import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { rawServer } from "../helpers/raw-server.js";
import { chatSse } from "../helpers/sse.js";

const dir = mkdtempSync(join(tmpdir(), "infermark-constraints-"));

describe("verifiable constraints in a YAML task", () => {
  let server: Awaited<ReturnType<typeof rawServer>>;
  // Answers per question: short and polite; long; mentions a competitor.
  const answers: Record<string, string> = {
    refund: "Sure, refunds take five days.",
    hours: "We are open from nine in the morning until six in the evening on every weekday.",
    rival: "Try AcmeCorp instead.",
  };
  beforeAll(async () => {
    server = await rawServer((_req, res, body) => {
      const prompt = JSON.stringify((JSON.parse(body) as { messages: unknown }).messages);
      const key = Object.keys(answers).find((k) => prompt.includes(k)) ?? "refund";
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(chatSse(answers[key] ?? ""));
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("scores each answer against the task's constraints, in eval and in score", async () => {
    const data = join(dir, "support.jsonl");
    writeFileSync(
      data,
      ["refund", "hours", "rival"]
        .map((q) => JSON.stringify({ input: `Question about ${q}?`, target: "-" }))
        .join("\n") + "\n",
    );
    const task = join(dir, "support.yaml");
    writeFileSync(
      task,
      `name: support\ndataset: support.jsonl\nmetrics: [exact]\nconstraints:\n  - {type: length, unit: words, max: 10}\n  - {type: not_contains, phrases: [AcmeCorp]}\n`,
    );
    const r = await runCli([
      "eval",
      "--target",
      server.url,
      "--task",
      task,
      "--json",
      "--no-cache",
      "--out",
      join(dir, "run"),
    ]);
    expect(r.code).toBe(0);
    // refund: 5 words, no rival → pass; hours: 16 words → fail; rival: mentions AcmeCorp → fail. 1 of 3.
    const m = (JSON.parse(r.stdout) as { tasks: Array<{ metrics: Record<string, { value: number; n: number }> }> })
      .tasks[0]?.metrics;
    expect(m?.constraints).toMatchObject({ value: 1 / 3, n: 3 });

    const rows = join(dir, "rows.jsonl");
    const constraints = [
      { type: "length", unit: "words", max: 10 },
      { type: "not_contains", phrases: ["AcmeCorp"] },
    ];
    writeFileSync(
      rows,
      Object.values(answers)
        .map((prediction) => JSON.stringify({ prediction, constraints }))
        .join("\n") + "\n",
    );
    const s = await runCli(["score", "--metric", "constraints", "--input", rows, "--json"]);
    expect(s.code).toBe(0);
    expect(JSON.parse(s.stdout)).toMatchObject({ metric: "constraints", value: 1 / 3, n: 3 });
  });

  it("names the file, line and the bad constraint", async () => {
    const task = join(dir, "bad.yaml");
    writeFileSync(task, `name: bad\ndataset: support.jsonl\nconstraints:\n  - {type: length, unit: pages, max: 10}\n`);
    const r = await runCli(["eval", "--target", server.url, "--task", task, "--out", join(dir, "bad-run")]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^infermark: .*bad\.yaml:4: constraints: constraints\[0\] \(length\):/);
  });
});
