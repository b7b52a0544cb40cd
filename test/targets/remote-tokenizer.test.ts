import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { remoteWordTokenizer } from "../../src/targets/remote-tokenizer.js";
import { SYNTHETIC_WORDS } from "../../src/workloads/synthetic.js";
import { benchHttp } from "../helpers/bench-run.js";

// A server with a small vocabulary's shape: BOS, then one token per 2 letters of each word
// (or, "merging", one token fewer for every "of the" pair, which a per-word sum cannot know).
const tokens = (text: string, merging: boolean): number => {
  const ws = text.split(/\s+/).filter(Boolean);
  const pairs = merging ? ws.filter((w, i) => w === "the" && ws[i - 1] === "of").length : 0;
  return 1 + ws.reduce((n, w) => n + Math.ceil(w.length / 2), 0) - pairs;
};

function tokenizingServer(
  dialect: "vllm" | "llamacpp" | "none",
  merging = false,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      const json = (code: number, body: unknown): void =>
        void res.writeHead(code, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (req.url === "/v1/models") return json(200, { data: [{ id: "tok-model" }] });
      const body = JSON.parse(raw || "{}") as {
        prompt?: string;
        content?: string;
        messages?: Array<{ content: string }>;
      };
      if (req.url === "/tokenize") {
        if (dialect === "vllm" && typeof body.prompt === "string")
          return json(200, { count: tokens(body.prompt, merging), max_model_len: 4096, tokens: [] });
        if (dialect === "llamacpp" && typeof body.content === "string")
          return json(200, { tokens: Array.from({ length: tokens(body.content, merging) }, (_, i) => i) });
        return json(dialect === "none" ? 404 : 400, { error: "no" });
      }
      const n = tokens(body.messages?.map((m) => m.content).join(" ") ?? "", merging);
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: " hi" }, finish_reason: "length" }] })}\n\ndata: ${JSON.stringify({ choices: [], usage: { prompt_tokens: n, completion_tokens: 1 } })}\n\ndata: [DONE]\n\n`,
      );
    });
  });
  return new Promise((r) =>
    server.listen(0, "127.0.0.1", () =>
      r({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server }),
    ),
  );
}

describe("synthetic prompts sized by a server's /tokenize", () => {
  const servers: Server[] = [];
  const start = async (d: "vllm" | "llamacpp" | "none", merging = false): Promise<string> => {
    const s = await tokenizingServer(d, merging);
    servers.push(s.server);
    return s.url;
  };
  afterAll(() => Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))));
  let vllm = "";
  beforeAll(async () => {
    vllm = await start("vllm");
  });

  it("sizes bench prompts in the server's tokens (vLLM dialect), as its usage then confirms", async () => {
    const { records, workload } = await benchHttp(
      vllm,
      { kind: "levels", loads: [{ mode: "concurrency", value: 1 }] },
      { requests: 5, inputTokens: 64, outputTokens: 1 },
    );
    expect(workload.input_sized_by).toBe("server /tokenize (vllm)");
    for (const r of records) {
      expect(r.tokens.input).toBeLessThanOrEqual(64);
      expect(r.tokens.input).toBeGreaterThan(64 - 5); // within one word (at most 4 tokens here)
    }
  });

  it("reads llama.cpp's answer too, and refuses a table the server contradicts", async () => {
    const checks = ["one two three", "of the water"];
    expect((await remoteWordTokenizer(await start("llamacpp"), "m", undefined, SYNTHETIC_WORDS, checks))?.dialect).toBe(
      "llamacpp",
    );
    expect(await remoteWordTokenizer(await start("vllm", true), "m", undefined, SYNTHETIC_WORDS, checks)).toBeNull();
  });

  it("without a tokenize endpoint, lengths are in words and said to be approximate", async () => {
    const { workload } = await benchHttp(
      await start("none"),
      { kind: "levels", loads: [{ mode: "concurrency", value: 1 }] },
      { requests: 2, inputTokens: 16, outputTokens: 1 },
    );
    expect(workload.input_sized_by).toBe("words (approximate)");
  });
});
