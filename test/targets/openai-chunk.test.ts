import { describe, expect, it } from "vitest";
import { readChunk } from "../../src/targets/openai-chunk.js";

describe("readChunk", () => {
  it("reads [DONE]", () => expect(readChunk("[DONE]")).toEqual({ kind: "done" }));

  it("reads a role-only first delta as carrying no output", () => {
    const r = readChunk(
      JSON.stringify({ choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] }),
    );
    expect(r).toEqual({
      kind: "chunk",
      content: "",
      reasoning: "",
      finishReason: null,
      usage: null,
      timing: null,
      logprobs: [],
      toolCalls: [],
    });
  });

  it("reads streamed tool-call pieces by index, and a whole message's calls by position", () => {
    const first = {
      choices: [
        {
          delta: {
            tool_calls: [
              { index: 0, id: "call_1", type: "function", function: { name: "get_weather", arguments: "" } },
            ],
          },
        },
      ],
    };
    expect(readChunk(JSON.stringify(first))).toMatchObject({
      content: "",
      toolCalls: [{ index: 0, id: "call_1", name: "get_weather", arguments: "" }],
    });
    const next = { choices: [{ delta: { tool_calls: [{ index: 1, function: { arguments: '{"ci' } }] } }] };
    expect(readChunk(JSON.stringify(next))).toMatchObject({
      toolCalls: [{ index: 1, id: "", name: "", arguments: '{"ci' }],
    });
    const whole = {
      choices: [
        {
          message: {
            content: null,
            tool_calls: [
              { id: "a", function: { name: "f", arguments: "{}" } },
              { id: "b", function: { name: "g", arguments: { x: 1 } } },
            ],
          },
        },
      ],
    };
    expect(readChunk(JSON.stringify(whole))).toMatchObject({
      toolCalls: [
        { index: 0, id: "a", name: "f", arguments: "{}" },
        { index: 1, id: "b", name: "g", arguments: '{"x":1}' },
      ],
    });
  });

  it("reads chat content, completions text and reasoning in both spellings", () => {
    expect(readChunk('{"choices":[{"delta":{"content":"Hi"}}]}')).toMatchObject({ content: "Hi" });
    expect(readChunk('{"choices":[{"text":"Hi","finish_reason":"length"}]}')).toMatchObject({
      content: "Hi",
      finishReason: "length",
    });
    expect(readChunk('{"choices":[{"delta":{"reasoning_content":"hmm"}}]}')).toMatchObject({
      content: "",
      reasoning: "hmm",
    });
    expect(readChunk('{"choices":[{"delta":{"reasoning":"so"}}]}')).toMatchObject({ reasoning: "so" });
  });

  it("reads a usage-only final chunk, including cached prompt tokens", () => {
    const r = readChunk(
      '{"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":34,"prompt_tokens_details":{"cached_tokens":8}}}',
    );
    expect(r).toEqual({
      kind: "chunk",
      content: "",
      reasoning: "",
      finishReason: null,
      usage: { promptTokens: 12, completionTokens: 34, cachedTokens: 8 },
      timing: null,
      logprobs: [],
      toolCalls: [],
    });
  });

  it("reads llama.cpp server timings from the final chunk", () => {
    const r = readChunk(
      '{"choices":[{"delta":{},"finish_reason":"stop"}],"timings":{"prompt_n":5,"prompt_ms":12.5,"predicted_n":7,"predicted_ms":70.25,"cache_n":3,"predicted_per_second":99.6}}',
    );
    expect(r).toMatchObject({
      finishReason: "stop",
      timing: { prompt_ms: 12.5, predicted_ms: 70.25, prompt_n: 5, predicted_n: 7, cache_n: 3 },
    });
    expect(readChunk('{"choices":[],"timings":{"unrelated":1}}')).toMatchObject({ timing: null });
  });

  it("reads per-token log-probabilities from chat and completions chunks", () => {
    const chat = readChunk(
      '{"choices":[{"delta":{"content":" B"},"logprobs":{"content":[{"token":" B","logprob":-0.5,"top_logprobs":[{"token":" B","logprob":-0.5},{"token":" A","logprob":-1}]}]}}]}',
    );
    expect(chat).toMatchObject({
      logprobs: [
        {
          token: " B",
          top: [
            [" B", -0.5],
            [" A", -1],
          ],
        },
      ],
    });
    const completions = readChunk(
      '{"choices":[{"text":" C","logprobs":{"tokens":[" C"],"top_logprobs":[{" C":-0.2," D":-2}]}}]}',
    );
    expect(completions).toMatchObject({
      logprobs: [
        {
          token: " C",
          top: [
            [" C", -0.2],
            [" D", -2],
          ],
        },
      ],
    });
  });

  it("reads a whole non-streamed body", () => {
    const r = readChunk(
      '{"choices":[{"message":{"role":"assistant","content":"Yes"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2}}',
    );
    expect(r).toMatchObject({
      kind: "chunk",
      content: "Yes",
      finishReason: "stop",
      usage: { promptTokens: 1, completionTokens: 2, cachedTokens: null },
    });
  });

  it("turns error payloads and error events into server_error_event", () => {
    expect(readChunk('{"error":{"message":"overloaded"}}')).toEqual({
      kind: "error",
      errorKind: "server_error_event",
      message: "overloaded",
    });
    expect(readChunk('{"object":"error","message":"bad"}')).toEqual({
      kind: "error",
      errorKind: "server_error_event",
      message: "bad",
    });
    expect(readChunk("upstream died", "error")).toEqual({
      kind: "error",
      errorKind: "server_error_event",
      message: "upstream died",
    });
  });

  it("turns non-JSON into malformed_chunk", () => {
    expect(readChunk("{not json")).toMatchObject({ kind: "error", errorKind: "malformed_chunk" });
    expect(readChunk("[1,2]")).toMatchObject({ kind: "error", errorKind: "malformed_chunk" });
  });
});
