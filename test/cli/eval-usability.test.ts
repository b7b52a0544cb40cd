import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { joinIfevalRows, scoreIfeval } from "../../src/standards/usability/index.js";
import { readJsonlObjects } from "../../src/workloads/jsonl-file.js";
import { runCli, SHARED, SHARED_MODEL } from "../helpers/cli.js";
import { rawServer } from "../helpers/raw-server.js";
import { chatSse } from "../helpers/sse.js";

const dir = mkdtempSync(join(tmpdir(), "infermark-usab-"));
const IFEVAL = join(SHARED, "datasets", "ifeval");

describe("eval --task ifeval against a server that answers with GPT-4's recorded responses", () => {
  let server: Awaited<ReturnType<typeof rawServer>>;
  const responses = new Map(
    readJsonlObjects(join(IFEVAL, "input_response_data_gpt4_20231107_145030.jsonl")).map(({ value }) => [
      String(value.prompt),
      String(value.response),
    ]),
  );
  beforeAll(async () => {
    server = await rawServer((_req, res, body) => {
      const messages = (JSON.parse(body) as { messages: Array<{ role: string; content: string }> }).messages;
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(chatSse(responses.get(messages[messages.length - 1]?.content ?? "") ?? "no recorded answer"));
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("reports the same four figures as scoring those responses directly", async () => {
    const data = join(dir, "ifeval-40.jsonl");
    const rows = readJsonlObjects(join(IFEVAL, "input_data.jsonl")).slice(0, 40);
    writeFileSync(data, rows.map((r) => JSON.stringify(r.value)).join("\n") + "\n");
    const r = await runCli([
      "eval",
      "--target",
      server.url,
      "--task",
      "ifeval",
      "--data",
      data,
      "--json",
      "--no-cache",
      "--out",
      join(dir, "run"),
    ]);
    expect(r.code).toBe(0);
    const task = (
      JSON.parse(r.stdout) as {
        tasks: Array<{
          metrics: Record<string, { value: number; n: number }>;
          usability: { ifeval: Record<string, { value: number; n: number }> };
        }>;
      }
    ).tasks[0];
    const direct = scoreIfeval(
      joinIfevalRows(rows, readJsonlObjects(join(IFEVAL, "input_response_data_gpt4_20231107_145030.jsonl"))).rows,
    );
    expect(task?.usability.ifeval.prompt_strict?.n).toBe(direct.prompt_strict.n);
    for (const k of ["prompt_strict", "inst_strict", "prompt_loose", "inst_loose"] as const)
      expect(task?.usability.ifeval[k]?.value).toBe(direct[k].value);
    // The per-sample scorers are the prompt-level figures.
    expect(task?.metrics.ifeval?.value).toBe(direct.prompt_strict.value);
    expect(task?.metrics.ifeval_loose?.value).toBe(direct.prompt_loose.value);
  }, 60_000);
});

describe("eval --usability", () => {
  it("finds the repetition in the embedded engine's stories", async () => {
    const data = join(dir, "stories.jsonl");
    writeFileSync(
      data,
      ["Once upon a time", "Lily went to the park", "Tom had a red ball"]
        .map((input) => JSON.stringify({ input, target: "-" }))
        .join("\n") + "\n",
    );
    const r = await runCli([
      "eval",
      "--target",
      `llama:${SHARED_MODEL}`,
      "--task",
      data,
      "--max-tokens",
      "256",
      "--temperature",
      "0",
      "--usability",
      "repetition,verbosity",
      "--json",
      "--out",
      join(dir, "stories"),
    ]);
    expect(r.code).toBe(0);
    const u = (
      JSON.parse(r.stdout) as {
        tasks: Array<{
          usability: {
            repetition: { seq_rep_4: { mean: number; n: number }; canned_phrases: { phrases: unknown[] | null } };
            verbosity: { words: { n: number } };
          };
        }>;
      }
    ).tasks[0]?.usability;
    expect(u?.repetition.seq_rep_4.n).toBe(3);
    expect(u?.repetition.seq_rep_4.mean).toBeGreaterThan(0.01);
    expect(u?.repetition.canned_phrases.phrases?.length).toBeGreaterThan(0);
    expect(u?.verbosity.words.n).toBe(3);
  }, 120_000);
  it("refuses an unknown check in one line that lists the valid ones", async () => {
    const r = await runCli([
      "eval",
      "--target",
      `llama:${SHARED_MODEL}`,
      "--task",
      join(dir, "stories.jsonl"),
      "--usability",
      "repetiton",
      "--out",
      join(dir, "bad"),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'infermark: unknown usability check "repetiton"; valid: repetition, diversity, format, verbosity',
    );
  });
});
