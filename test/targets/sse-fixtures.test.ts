import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/package-root.js";
import { RecordBuilder } from "../../src/records/build.js";
import type { TargetEvent } from "../../src/records/protocol.js";
import type { RequestRecord, ServerTiming } from "../../src/records/record.js";
import { OpenAITarget } from "../../src/targets/openai.js";
import { rawServer } from "../helpers/raw-server.js";

// Recorded streams in the documented formats of the servers users run (test/fixtures/sse/README.md
// names the source of each), replayed byte-exact through a loopback server into the real target,
// SSE parser and record builder. Every expected value below was worked out by hand from the
// fixture file and the definitions in DESIGN.md; none was copied from the code's output.

const FIXTURES = join(packageRoot(), "test", "fixtures", "sse");

interface Expected {
  api: "chat" | "completions";
  text: string;
  reasoning: string;
  /** Token-carrying chunks: content or reasoning, never a role-only or empty delta. */
  chunks: number;
  /** The first token event's content and reasoning (what t_first is stamped on). */
  first: { content: string; reasoning: string };
  /** Index (0-based) of the SSE event, comments included, that carries the first token. */
  firstEvent: number;
  finish: string;
  usage: { prompt: number; completion: number; cached: number | null } | null;
  /** Output tokens and where the count came from. */
  output: number;
  outputSource: "usage" | "chunks";
  /** Per-chunk counts: usage split over chunks by text length (largest remainder), or one per chunk. */
  perChunk: number[];
  timing: ServerTiming | null;
}

const ones = (n: number): number[] => new Array<number>(n).fill(1);
const CAPITAL = "The capital of France is Paris.";
const PARIS = " Paris, the city of light";

const EXPECTED: Record<string, Expected> = {
  // 7 chunks, usage 8 (vLLM counts the EOS token): the one extra token goes to " capital", the longest.
  "vllm-chat.sse": {
    api: "chat",
    text: CAPITAL,
    reasoning: "",
    chunks: 7,
    first: { content: "The", reasoning: "" },
    firstEvent: 1,
    finish: "stop",
    usage: { prompt: 17, completion: 8, cached: null },
    output: 8,
    outputSource: "usage",
    perChunk: [1, 2, 1, 1, 1, 1, 1],
    timing: null,
  },
  "vllm-completions.sse": {
    api: "completions",
    text: PARIS,
    reasoning: "",
    chunks: 6,
    first: { content: " Paris", reasoning: "" },
    firstEvent: 0,
    finish: "length",
    usage: { prompt: 7, completion: 6, cached: null },
    output: 6,
    outputSource: "usage",
    perChunk: ones(6),
    timing: null,
  },
  // Lengths 3,3,7,1,2,3 (sum 19), 2 extra tokens: shares .32,.32,.74,.11,.21,.32 → " larger" and the earliest .32 ("9.8").
  "vllm-chat-reasoning.sse": {
    api: "chat",
    text: "\n\n9.8",
    reasoning: "9.8 is larger.",
    chunks: 6,
    first: { content: "", reasoning: "9.8" },
    firstEvent: 1,
    finish: "stop",
    usage: { prompt: 18, completion: 8, cached: null },
    output: 8,
    outputSource: "usage",
    perChunk: [2, 1, 2, 1, 1, 1],
    timing: null,
  },
  // Lengths 3,11,7,3,6,1 (sum 31), 2 extra: shares .19,.71,.45,.19,.39,.06 → " capital of" and " France".
  "sglang-chat.sse": {
    api: "chat",
    text: CAPITAL,
    reasoning: "",
    chunks: 6,
    first: { content: "The", reasoning: "" },
    firstEvent: 1,
    finish: "stop",
    usage: { prompt: 42, completion: 8, cached: null },
    output: 8,
    outputSource: "usage",
    perChunk: [1, 2, 2, 1, 1, 1],
    timing: null,
  },
  "sglang-completions.sse": {
    api: "completions",
    text: PARIS,
    reasoning: "",
    chunks: 6,
    first: { content: " Paris", reasoning: "" },
    firstEvent: 0,
    finish: "length",
    usage: { prompt: 7, completion: 6, cached: null },
    output: 6,
    outputSource: "usage",
    perChunk: ones(6),
    timing: null,
  },
  // No role-only chunk: the first event carries role and content, and it is the first token.
  "tgi-chat.sse": {
    api: "chat",
    text: "The capital of France is Paris",
    reasoning: "",
    chunks: 6,
    first: { content: "The", reasoning: "" },
    firstEvent: 0,
    finish: "length",
    usage: { prompt: 39, completion: 6, cached: null },
    output: 6,
    outputSource: "usage",
    perChunk: ones(6),
    timing: null,
  },
  // No usage at all: the output count falls back to one per chunk.
  "tgi-completions.sse": {
    api: "completions",
    text: PARIS,
    reasoning: "",
    chunks: 6,
    first: { content: " Paris", reasoning: "" },
    firstEvent: 0,
    finish: "length",
    usage: null,
    output: 6,
    outputSource: "chunks",
    perChunk: ones(6),
    timing: null,
  },
  "llamacpp-chat.sse": {
    api: "chat",
    text: "Once upon a time, there",
    reasoning: "",
    chunks: 6,
    first: { content: "Once", reasoning: "" },
    firstEvent: 1,
    finish: "length",
    usage: { prompt: 12, completion: 6, cached: null },
    output: 6,
    outputSource: "usage",
    perChunk: ones(6),
    timing: { prompt_ms: 8.421, predicted_ms: 30.118, prompt_n: 12, predicted_n: 6, cache_n: 3 },
  },
  // Lengths 5,4,6,1 (sum 16), 1 extra token (the EOS): share .375 of " happy" is the largest.
  "llamacpp-completions.sse": {
    api: "completions",
    text: " Lily was happy.",
    reasoning: "",
    chunks: 4,
    first: { content: " Lily", reasoning: "" },
    firstEvent: 0,
    finish: "stop",
    usage: { prompt: 4, completion: 5, cached: null },
    output: 5,
    outputSource: "usage",
    perChunk: [1, 1, 2, 1],
    timing: { prompt_ms: 2.5, predicted_ms: 20, prompt_n: 4, predicted_n: 5, cache_n: null },
  },
  "ollama-chat.sse": {
    api: "chat",
    text: CAPITAL,
    reasoning: "",
    chunks: 7,
    first: { content: "The", reasoning: "" },
    firstEvent: 0,
    finish: "stop",
    usage: { prompt: 30, completion: 8, cached: null },
    output: 8,
    outputSource: "usage",
    perChunk: [1, 2, 1, 1, 1, 1, 1],
    timing: null,
  },
  "ollama-completions.sse": {
    api: "completions",
    text: " Paris, the city of",
    reasoning: "",
    chunks: 5,
    first: { content: " Paris", reasoning: "" },
    firstEvent: 0,
    finish: "length",
    usage: { prompt: 28, completion: 5, cached: null },
    output: 5,
    outputSource: "usage",
    perChunk: ones(5),
    timing: null,
  },
  // Two ": OPENROUTER PROCESSING" comments come first; they are not events at all.
  "openrouter-chat.sse": {
    api: "chat",
    text: "4",
    reasoning: "Two plus two makes four.",
    chunks: 7,
    first: { content: "", reasoning: "Two" },
    firstEvent: 2,
    finish: "stop",
    usage: { prompt: 11, completion: 7, cached: null },
    output: 7,
    outputSource: "usage",
    perChunk: ones(7),
    timing: null,
  },
  // The role chunk carries reasoning_content "" and content null: no token; a keep-alive comment follows.
  "deepseek-chat.sse": {
    api: "chat",
    text: "4",
    reasoning: "Two plus two is four.",
    chunks: 7,
    first: { content: "", reasoning: "Two" },
    firstEvent: 2,
    finish: "stop",
    usage: { prompt: 13, completion: 7, cached: 0 },
    output: 7,
    outputSource: "usage",
    perChunk: ones(7),
    timing: null,
  },
  "openai-chat.sse": {
    api: "chat",
    text: CAPITAL,
    reasoning: "",
    chunks: 7,
    first: { content: "The", reasoning: "" },
    firstEvent: 1,
    finish: "stop",
    usage: { prompt: 1078, completion: 7, cached: 1024 },
    output: 7,
    outputSource: "usage",
    perChunk: ones(7),
    timing: null,
  },
};

/** The file cut after each blank line: one write per SSE event (or comment); the pieces concatenate to the file. */
function events(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = bytes.indexOf("\n\n"); i !== -1; i = bytes.indexOf("\n\n", start)) {
    out.push(bytes.subarray(start, i + 2));
    start = i + 2;
  }
  if (start < bytes.length) out.push(bytes.subarray(start));
  return out;
}

const GAP_MS = 25;
const never = new AbortController().signal;

interface Replay {
  record: RequestRecord;
  events: TargetEvent[];
  /** performance.now() just before each write, on the same clock as the record (t0 = 0). */
  writtenAt: number[];
  path: string;
  body: Record<string, unknown>;
}

describe("recorded SSE streams of real servers, replayed byte-exact through the OpenAI target", () => {
  let srv: Awaited<ReturnType<typeof rawServer>>;
  let current: { file: Buffer; split: boolean; writtenAt: number[]; path: string } = {
    file: Buffer.alloc(0),
    split: true,
    writtenAt: [],
    path: "",
  };
  beforeAll(async () => {
    srv = await rawServer((req, res) => {
      const job = current;
      job.path = req.url ?? "";
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      res.socket?.setNoDelay(true);
      if (!job.split) {
        job.writtenAt.push(performance.now());
        return void res.end(job.file);
      }
      const pieces = events(job.file);
      let i = 0;
      const next = (): void => {
        job.writtenAt.push(performance.now());
        res.write(pieces[i++]!);
        if (i < pieces.length) setTimeout(next, GAP_MS);
        else res.end();
      };
      next();
    });
  });
  afterAll(async () => srv?.close());

  async function replay(name: string, split: boolean): Promise<Replay> {
    const file = readFileSync(join(FIXTURES, name));
    current = { file, split, writtenAt: [], path: "" };
    const target = new OpenAITarget({
      baseUrl: srv.url,
      api: EXPECTED[name]!.api,
      model: "fixture",
      stream: true,
      timeoutMs: 10_000,
      connections: 1,
    });
    const now = performance.now();
    const builder = new RecordBuilder({
      id: 0,
      level: 0,
      load: { mode: "concurrency", value: 1 },
      phase: "measure",
      item: 0,
      t0: 0,
      tIntended: now,
      tReleased: now,
      inputTokensHint: null,
    });
    const seen: TargetEvent[] = [];
    await target.send(
      { id: "fixture-1", prompt: "What is the capital of France?", maxTokens: 16, ignoreEos: false, params: {} },
      (e) => (seen.push(e), builder.emit(e)),
      never,
    );
    await target.close();
    return {
      record: builder.build(),
      events: seen,
      writtenAt: current.writtenAt,
      path: current.path,
      body: JSON.parse(srv.requests.at(-1)!.body) as Record<string, unknown>,
    };
  }

  it("every fixture file has its expected values here, and every entry has its file (a new format is a new fixture)", () => {
    const files = readdirSync(FIXTURES)
      .filter((f) => f.endsWith(".sse"))
      .sort();
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it("the fixtures are SSE as servers send it: LF framing, every event closed by a blank line, ending in [DONE]", () => {
    for (const name of Object.keys(EXPECTED)) {
      const text = readFileSync(join(FIXTURES, name), "utf8");
      expect(text.includes("\r"), name).toBe(false);
      expect(text.endsWith("[DONE]\n\n"), name).toBe(true);
      expect(events(Buffer.from(text)).join(""), name).toBe(text);
    }
  });

  for (const [name, want] of Object.entries(EXPECTED)) {
    it(`${name}: text, reasoning, chunks, first token, finish, usage, server timing`, async () => {
      const { record: r, events: evs, writtenAt, path, body } = await replay(name, true);
      expect(path).toBe(want.api === "chat" ? "/v1/chat/completions" : "/v1/completions");
      expect(body.stream).toBe(true);
      expect(r.error).toBeNull();
      expect(r.text).toBe(want.text);
      expect(r.reasoning).toBe(want.reasoning);
      expect(r.finish_reason).toBe(want.finish);
      expect(r.tokens.output_chunks).toBe(want.chunks);
      expect(r.chunks.map(([, k]) => k)).toEqual(want.perChunk);
      expect(r.tokens.output).toBe(want.output);
      expect(r.tokens.output_source).toBe(want.outputSource);
      expect(r.tokens.output_usage).toBe(want.usage?.completion ?? null);
      expect(r.tokens.input).toBe(want.usage?.prompt ?? null);
      expect(r.tokens.cached_input).toBe(want.usage?.cached ?? null);
      expect(r.server_timing).toEqual(want.timing);

      const tokens = evs.filter((e): e is Extract<TargetEvent, { type: "token" }> => e.type === "token");
      expect(tokens).toHaveLength(want.chunks);
      expect({ content: tokens[0]!.content, reasoning: tokens[0]!.reasoning }).toEqual(want.first);
      // No token event is empty: a role-only or empty delta never counts as a token.
      expect(tokens.every((e) => e.content.length + e.reasoning.length > 0)).toBe(true);
      expect(evs.filter((e) => e.type === "finish")).toEqual([{ type: "finish", reason: want.finish }]);
      expect(evs.at(-1)!.type).toBe("end");

      // t_first is the arrival of the first token-carrying event: never before the server wrote it.
      // Events go out GAP_MS apart, so stamping t_first on an earlier role-only event would put it
      // GAP_MS before this write (a busy machine can only make arrivals later, never earlier).
      expect(writtenAt).toHaveLength(events(readFileSync(join(FIXTURES, name))).length);
      expect(r.t_first).toBe(r.chunks[0]![0]);
      expect(r.t_first!).toBeGreaterThanOrEqual(writtenAt[want.firstEvent]!);
      // The last token-carrying event likewise.
      expect(r.t_last!).toBeGreaterThanOrEqual(writtenAt[want.firstEvent + want.chunks - 1]!);
      expect(r.t_first!).toBeGreaterThan(r.t_sent);
    });
  }

  it("the same bytes in one write give the same record content (framing does not depend on read boundaries)", async () => {
    for (const name of Object.keys(EXPECTED)) {
      const { record: r } = await replay(name, false);
      const want = EXPECTED[name]!;
      expect(
        {
          text: r.text,
          reasoning: r.reasoning,
          chunks: r.tokens.output_chunks,
          finish: r.finish_reason,
          output: r.tokens.output,
        },
        name,
      ).toEqual({
        text: want.text,
        reasoning: want.reasoning,
        chunks: want.chunks,
        finish: want.finish,
        output: want.output,
      });
    }
  });
});
