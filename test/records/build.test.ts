import { describe, expect, it } from "vitest";
import { RecordBuilder, splitTokensOverChunks } from "../../src/records/build.js";

describe("splitTokensOverChunks", () => {
  it("spreads evenly over equal chunks", () => expect(splitTokensOverChunks([4, 4, 4], 6)).toEqual([2, 2, 2]));
  it("gives every chunk one and the rest by text length", () =>
    expect(splitTokensOverChunks([1, 3], 6)).toEqual([2, 4]));
  it("breaks remainder ties toward the earlier chunk", () => expect(splitTokensOverChunks([2, 2], 3)).toEqual([2, 1]));
  it("refuses a total below one token per chunk", () => expect(splitTokensOverChunks([1, 1, 1], 2)).toBeNull());
});

const ctx = {
  id: 7,
  level: 1,
  load: { mode: "concurrency" as const, value: 4 },
  phase: "measure" as const,
  item: 3,
  t0: 1000,
  tIntended: 1000,
  tReleased: 1000,
  inputTokensHint: 256,
};

describe("RecordBuilder", () => {
  it("joins tool-call pieces into calls, and times each chunk once whatever it carries", () => {
    const b = new RecordBuilder(ctx);
    b.emit({ type: "sent", t: 1002, api: "chat", body: {} });
    b.emit({ type: "tool_call", t: 1010, index: 0, id: "c1", name: "get_weather", arguments: "" });
    b.emit({ type: "tool_call", t: 1015, index: 0, id: "", name: "", arguments: '{"city":' });
    b.emit({ type: "tool_call", t: 1020, index: 0, id: "", name: "", arguments: ' "Oslo"}' });
    // Two pieces in one chunk (same stamp): one arrival, not two.
    b.emit({ type: "tool_call", t: 1030, index: 1, id: "c2", name: "now", arguments: "" });
    b.emit({ type: "tool_call", t: 1030, index: 1, id: "", name: "", arguments: "{}" });
    b.emit({ type: "end", t: 1031 });
    const r = b.build();
    expect(r.tool_calls).toEqual([
      { id: "c1", function: { name: "get_weather", arguments: '{"city": "Oslo"}' } },
      { id: "c2", function: { name: "now", arguments: "{}" } },
    ]);
    expect(r.text).toBe("");
    expect(r.t_first).toBe(10);
    expect(r.chunks.map(([t]) => t)).toEqual([10, 15, 20, 30]);
  });
  it("leaves tool_calls off a record that made none", () => {
    const b = new RecordBuilder(ctx);
    b.emit({ type: "token", t: 1010, content: "hi", reasoning: "", tokens: null });
    b.emit({ type: "end", t: 1011 });
    expect("tool_calls" in b.build()).toBe(false);
  });

  it("builds a record with times relative to the run start and usage-split chunk counts", () => {
    const b = new RecordBuilder(ctx);
    b.emit({ type: "sent", t: 1002, api: "chat", body: { max_tokens: 4 } });
    b.emit({ type: "token", t: 1010, content: "ab", reasoning: "", tokens: null });
    b.emit({ type: "token", t: 1020, content: "cd", reasoning: "", tokens: null });
    b.emit({ type: "finish", reason: "length" });
    b.emit({ type: "usage", promptTokens: 250, completionTokens: 4, cachedTokens: null });
    b.emit({ type: "end", t: 1021 });
    const r = b.build();
    expect(r).toMatchObject({
      id: 7,
      level: 1,
      item: 3,
      t_intended: 0,
      t_sent: 2,
      t_first: 10,
      t_last: 20,
      t_end: 21,
      text: "abcd",
      finish_reason: "length",
      error: null,
    });
    expect(r.chunks).toEqual([
      [10, 2],
      [20, 2],
    ]);
    expect(r.tokens).toMatchObject({
      input: 250,
      input_source: "usage",
      output: 4,
      output_source: "usage",
      output_chunks: 2,
      chunk_tokens: "usage_split",
    });
  });

  it("falls back to one token per chunk and the workload's input length without usage", () => {
    const b = new RecordBuilder(ctx);
    b.emit({ type: "sent", t: 1000, api: "chat", body: {} });
    b.emit({ type: "token", t: 1005, content: "x", reasoning: "", tokens: null });
    b.emit({ type: "token", t: 1006, content: "", reasoning: "y", tokens: null });
    b.emit({ type: "end", t: 1007 });
    const r = b.build();
    expect(r.tokens).toMatchObject({
      input: 256,
      input_source: "workload",
      output: 2,
      output_source: "chunks",
      chunk_tokens: "one_per_chunk",
    });
    expect(r.reasoning).toBe("y");
  });

  it("keeps the error and what arrived before it", () => {
    const b = new RecordBuilder(ctx);
    b.emit({ type: "sent", t: 1000, api: "chat", body: {} });
    b.emit({ type: "token", t: 1005, content: "x", reasoning: "", tokens: null });
    b.emit({ type: "error", t: 1009, kind: "stream_cut", message: "closed" });
    const r = b.build();
    expect(r.error).toEqual({ kind: "stream_cut", message: "closed" });
    expect(r.t_end).toBe(9);
    expect(r.chunks).toHaveLength(1);
  });
});
