import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, SHARED_MODEL } from "../helpers/cli.js";
import { rawServer } from "../helpers/raw-server.js";

const dir = mkdtempSync(join(tmpdir(), "infermark-tools-"));

/** A streamed answer made of tool calls, each call's arguments cut into two pieces as servers stream them. */
function toolCallSse(calls: Array<{ name: string; arguments: string }>): string {
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  let out = chunk({ role: "assistant" }, null);
  calls.forEach((c, index) => {
    const half = Math.floor(c.arguments.length / 2);
    out += chunk(
      { tool_calls: [{ index, id: `call_${index}`, type: "function", function: { name: c.name, arguments: "" } }] },
      null,
    );
    out += chunk({ tool_calls: [{ index, function: { arguments: c.arguments.slice(0, half) } }] }, null);
    out += chunk({ tool_calls: [{ index, function: { arguments: c.arguments.slice(half) } }] }, null);
  });
  return out + chunk({}, "tool_calls") + "data: [DONE]\n\n";
}

const TOOLS = [
  {
    type: "function",
    function: {
      name: "get_weather",
      parameters: {
        type: "object",
        properties: { city: { type: "string" } },
        required: ["city"],
        additionalProperties: false,
      },
    },
  },
];

describe("tool calls in a YAML task", () => {
  let server: Awaited<ReturnType<typeof rawServer>>;
  const bodies: Array<Record<string, unknown>> = [];
  // Per question: a valid call; a call missing its required argument; no call at all (plain text).
  beforeAll(async () => {
    server = await rawServer((_req, res, body) => {
      const b = JSON.parse(body) as Record<string, unknown>;
      bodies.push(b);
      const prompt = JSON.stringify(b.messages);
      res.writeHead(200, { "content-type": "text/event-stream" });
      if (prompt.includes("Oslo")) res.end(toolCallSse([{ name: "get_weather", arguments: '{"city": "Oslo"}' }]));
      else if (prompt.includes("somewhere"))
        res.end(toolCallSse([{ name: "get_weather", arguments: '{"town": "x"}' }]));
      else
        res.end(
          `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "It is sunny." }, finish_reason: "stop" }] })}\n\ndata: [DONE]\n\n`,
        );
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("sends the declared tools and rates the calls against their schemas", async () => {
    writeFileSync(
      join(dir, "weather.jsonl"),
      ["Weather in Oslo?", "Weather somewhere?", "Is it sunny?"]
        .map((input) => JSON.stringify({ input, target: "-" }))
        .join("\n") + "\n",
    );
    const task = join(dir, "weather.yaml");
    writeFileSync(
      task,
      `name: weather\ndataset: weather.jsonl\nmetrics: [exact]\ngeneration:\n  tools: ${JSON.stringify(TOOLS)}\n`,
    );
    const out = join(dir, "run");
    const r = await runCli(["eval", "--target", server.url, "--task", task, "--json", "--no-cache", "--out", out]);
    expect(r.code).toBe(0);
    expect(bodies.every((b) => JSON.stringify(b.tools) === JSON.stringify(TOOLS))).toBe(true);
    const tc = (JSON.parse(r.stdout) as { tasks: Array<{ usability?: { tool_calls?: Record<string, unknown> } }> })
      .tasks[0]?.usability?.tool_calls;
    // Oslo: valid; somewhere: schema mismatch (no city, an extra town); sunny: no call.
    expect(tc?.called).toMatchObject({ count: 2, n: 3 });
    expect(tc?.calls).toMatchObject({ count: 1, n: 2, rate: 0.5 });
    expect(tc?.byVerdict).toMatchObject({ valid: 1, schema_mismatch: 1 });
    // The call is on the record as the model wrote it, its pieces joined.
    const records = readFileSync(join(out, "records.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { tool_calls?: unknown; t_first: number | null });
    const oslo = records.find((x) => JSON.stringify(x.tool_calls ?? "").includes("Oslo"));
    expect(oslo?.tool_calls).toEqual([
      { id: "call_0", function: { name: "get_weather", arguments: '{"city": "Oslo"}' } },
    ]);
    // A response made only of tool calls still has a first output chunk.
    expect(oslo?.t_first).not.toBeNull();
  });

  it("refuses tools on the embedded engine, and a bad tool schema names file and field", async () => {
    const engine = await runCli([
      "eval",
      "--target",
      `llama:${SHARED_MODEL}`,
      "--task",
      join(dir, "weather.yaml"),
      "--out",
      join(dir, "engine-run"),
    ]);
    expect(engine.code).toBe(2);
    expect(engine.stderr).toMatch(/declares tools: the embedded engine does not take tool declarations/);
    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      `name: bad\ndataset: weather.jsonl\ngeneration:\n  tools: [{type: function, function: {name: f, parameters: {type: objekt}}}]\n`,
    );
    const r = await runCli(["eval", "--target", server.url, "--task", bad, "--out", join(dir, "bad-run")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml.*generation\.tools.*"f"/);
  });
});
