import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, SHARED_MODEL } from "../helpers/cli.js";
import { rawServer } from "../helpers/raw-server.js";
import { chatSse } from "../helpers/sse.js";

const dir = mkdtempSync(join(tmpdir(), "infermark-resume-target-"));

describe("eval --resume DIR alone", () => {
  let server: Awaited<ReturnType<typeof rawServer>>;
  let asked = 0;
  beforeAll(async () => {
    server = await rawServer((req, res) => {
      if (req.method === "GET") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ object: "list", data: [{ id: "served", object: "model" }] }));
        return;
      }
      asked++;
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(chatSse("Answer: 4", { roleFirst: true }));
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("continues against the run's own server (never the default model) and numbers records on", async () => {
    const data = join(dir, "q.jsonl");
    writeFileSync(
      data,
      Array.from({ length: 6 }, (_, i) =>
        JSON.stringify({ id: `q${i}`, input: `What is ${i} + 4?`, target: i + 4 }),
      ).join("\n") + "\n",
    );
    const out = join(dir, "run");
    const first = await runCli(["eval", "--target", server.url, "--task", data, "--out", out, "--no-cache"]);
    expect(first.code, first.stderr).toBe(0);
    // A crash after two answers: the rest of records.jsonl is lost.
    const records = join(out, "records.jsonl");
    const kept = readFileSync(records, "utf8").trim().split("\n").slice(0, 2);
    writeFileSync(records, kept.join("\n") + "\n");
    asked = 0;
    // INFERMARK_MODEL set: a resume that fell back to the default target would ask the embedded engine.
    const again = await runCli(["eval", "--resume", out, "--no-cache", "--json"], { INFERMARK_MODEL: SHARED_MODEL });
    expect(again.code, again.stderr).toBe(0);
    expect(asked).toBe(4);
    const all = readFileSync(records, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { id: number; request: { api: string }; response: { text?: string } });
    expect(all).toHaveLength(6);
    expect(all.map((r) => r.request.api)).toEqual(Array(6).fill("chat"));
    expect(new Set(all.map((r) => r.id)).size).toBe(6);
    // Item q0 (0 + 4) is the only one answered right by "Answer: 4".
    const summary = JSON.parse(again.stdout) as {
      tasks: Array<{ metrics: { numeric: { value: number; n: number } } }>;
    };
    expect(summary.tasks[0]?.metrics.numeric).toMatchObject({ value: 1 / 6, n: 6 });
  }, 120_000);
});
