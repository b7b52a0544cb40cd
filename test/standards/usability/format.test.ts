// Format compliance (issue 13 §3): JSON is / contains, JSON Schema, tool-call arguments, refusals,
// empty answers, truncation — each a rate with n and a Wilson 95 % interval.
import { describe, expect, it } from "vitest";
import {
  containsJson,
  findJsonValues,
  isJson,
  parseJsonResponse,
  stripJsonFence,
} from "../../../src/standards/usability/json-value.js";
import { compileSchema } from "../../../src/standards/usability/json-schema.js";
import { checkToolCall, compileTools, toolCallValidity } from "../../../src/standards/usability/tool-calls.js";
import { isRefusal, refusalPhrase } from "../../../src/standards/usability/refusal.js";
import { isBlank } from "../../../src/standards/usability/blank.js";
import { formatRates } from "../../../src/standards/usability/format-rates.js";
import { UserError } from "../../../src/errors.js";

describe("JSON: is / contains", () => {
  it("a response is JSON when it parses after trimming and removing one enclosing fence", () => {
    expect(parseJsonResponse(' \n{"a": 1}\n ')).toEqual({ ok: true, value: { a: 1 }, fenced: false });
    expect(parseJsonResponse('```json\n{"a": [1, 2]}\n```')).toEqual({ ok: true, value: { a: [1, 2] }, fenced: true });
    expect(parseJsonResponse("```JSON\n[true]\n```")).toMatchObject({ ok: true, value: [true] });
    expect(parseJsonResponse("```\n42\n```")).toMatchObject({ ok: true, value: 42 });
    expect(isJson('"just a string"')).toBe(true);
    expect(isJson("null")).toBe(true);
  });
  it("prose around JSON, a different fence tag, a trailing comma or nothing at all is not JSON", () => {
    expect(isJson('Here you go: {"a": 1}')).toBe(false);
    expect(isJson('```python\n{"a": 1}\n```')).toBe(false);
    expect(isJson('{"a": 1,}')).toBe(false);
    expect(isJson("")).toBe(false);
    expect(isJson("   ")).toBe(false);
    expect(isJson("{'a': 1}")).toBe(false);
    expect(stripJsonFence('```json\n{"a": 1}\n``` and more')).toEqual({
      body: '```json\n{"a": 1}\n``` and more',
      fenced: false,
    });
  });
  it("a response contains JSON when it is JSON or embeds an object or array", () => {
    expect(containsJson('Here you go: {"a": 1}. Anything else?')).toBe(true);
    expect(containsJson('Sure!\n```json\n{"a": 1}\n```')).toBe(true);
    expect(containsJson("The answer is 42.")).toBe(false); // bare scalars in prose do not count
    expect(containsJson("See [citation needed] and {curly}.")).toBe(false);
    expect(containsJson("42")).toBe(true); // but the whole response being a scalar does
  });
  it("finds every embedded value left to right, brackets inside strings ignored", () => {
    const text = 'first {"s": "a } inside"} then [1, [2]] and {"a": {"b": 1}';
    const found = findJsonValues(text);
    // The third "{" never closes, so the search moves into it and finds the inner {"b": 1}.
    expect(found.map((f) => f.value)).toEqual([{ s: "a } inside" }, [1, [2]], { b: 1 }]);
    expect(text.slice(found[0]?.start, found[0]?.end)).toBe('{"s": "a } inside"}');
    expect(findJsonValues('{"q": "say \\"}\\" ok"}').map((f) => f.value)).toEqual([{ q: 'say "}" ok' }]);
  });
  it("searches inside an unclosed span, strings of it included, and stays linear on degenerate brackets", () => {
    // The outer "{" never closes; the "[" sits inside its string, so it is tried on its own.
    expect(findJsonValues('{"a": "x [1, 2] y"').map((f) => f.value)).toEqual([[1, 2]]);
    // A looping "[[[[…" then a real object: every "[" is unclosed, the object is still found.
    expect(findJsonValues(`${"[".repeat(20_000)} {"ok": true}`).map((f) => f.value)).toEqual([{ ok: true }]);
    expect(findJsonValues("[1, 2}")).toEqual([]);
  });
  it("handles unicode keys and values", () => {
    expect(parseJsonResponse('{"名前": "猫 😀"}')).toMatchObject({ ok: true, value: { 名前: "猫 😀" } });
  });
});

describe("JSON Schema (ajv)", () => {
  const schema = {
    type: "object",
    properties: { name: { type: "string" }, age: { type: "integer", minimum: 0 } },
    required: ["name"],
    additionalProperties: false,
  };
  it("rates responses valid under the schema; invalid JSON is a miss", () => {
    const r = formatRates(
      [
        { text: '{"name": "Ada", "age": 36}' },
        { text: '```json\n{"name": "Bo"}\n```' },
        { text: '{"name": "Cy", "age": -1}' }, // minimum
        { text: '{"age": 3}' }, // required
        { text: "not json" },
      ],
      { schema },
    );
    // 2 of 5; Wilson 95 % for 2/5: centre (0.4 + 3.8415/10)/(1 + 3.8415/5) = 0.4434, half 0.3258 → [0.1176, 0.7693]
    expect(r.json_schema_valid).toMatchObject({ count: 2, n: 5, rate: 0.4 });
    expect(r.json_schema_valid?.ci95?.[0]).toBeCloseTo(0.1176, 3);
    expect(r.json_schema_valid?.ci95?.[1]).toBeCloseTo(0.7693, 3);
    expect(r.json_valid).toMatchObject({ count: 4, n: 5 });
  });
  it("in contains mode any offered value may satisfy the schema", () => {
    const r = formatRates([{ text: 'Result: {"x": 1} or rather {"name": "Ada"}' }], { schema, schemaMode: "contains" });
    expect(r.json_schema_valid).toMatchObject({ count: 1, n: 1 });
    expect(formatRates([{ text: 'Result: {"name": "Ada"}' }], { schema }).json_schema_valid).toMatchObject({
      count: 0,
      n: 1,
    });
  });
  it("honours draft 2020-12 when declared and rejects a broken schema clearly", () => {
    const tuple = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "array",
      prefixItems: [{ type: "number" }, { type: "string" }],
      items: false,
    };
    const c = compileSchema(tuple);
    if (!c.ok) throw new Error(c.error);
    expect(c.validate([1, "a"])).toBe(true);
    expect(c.validate([1, "a", 2])).toBe(false);
    expect(compileSchema({ type: "no-such-type" }).ok).toBe(false);
    expect(compileSchema("a string").ok).toBe(false);
    expect(() => formatRates([{ text: "{}" }], { schema: { type: 12 } })).toThrow(UserError);
  });
});

describe("tool-call argument validity (OpenAI tools format)", () => {
  const tools = compileTools([
    {
      type: "function",
      function: {
        name: "get_weather",
        parameters: {
          type: "object",
          properties: { city: { type: "string" }, unit: { enum: ["c", "f"] } },
          required: ["city"],
        },
      },
    },
    { type: "function", function: { name: "now" } },
  ]);
  const call = (name: string, args: string) => ({ function: { name, arguments: args } });
  it("judges each call", () => {
    expect(checkToolCall(call("get_weather", '{"city": "Oslo", "unit": "c"}'), tools)).toEqual({
      verdict: "valid",
      name: "get_weather",
    });
    expect(checkToolCall(call("get_weather", '{"unit": "k"}'), tools)).toMatchObject({ verdict: "schema_mismatch" });
    expect(checkToolCall(call("get_weather", "{city: Oslo}"), tools)).toMatchObject({ verdict: "arguments_not_json" });
    expect(checkToolCall(call("get_weather", '["Oslo"]'), tools)).toMatchObject({ verdict: "arguments_not_object" });
    expect(checkToolCall(call("get_time", "{}"), tools)).toMatchObject({ verdict: "unknown_tool" });
    expect(checkToolCall(call("now", "{}"), tools)).toMatchObject({ verdict: "valid" });
  });
  it("rates calls and responses separately, each with its own n", () => {
    const v = toolCallValidity(
      [
        [call("get_weather", '{"city": "Oslo"}'), call("now", "{}")],
        [call("get_weather", "{}")],
        [],
        [call("now", "")],
      ],
      tools,
    );
    // calls: 2 valid of 4; responses with a call: 3, of which 1 all-valid
    expect(v.calls).toMatchObject({ count: 2, n: 4, rate: 0.5 });
    expect(v.responses).toMatchObject({ count: 1, n: 3 });
    // 3 of the 4 responses made a call: the one that made none is counted here, not dropped.
    expect(v.called).toMatchObject({ count: 3, n: 4, rate: 0.75 });
    expect(v.byVerdict).toEqual({
      valid: 2,
      unknown_tool: 0,
      arguments_not_json: 1,
      arguments_not_object: 0,
      schema_mismatch: 1,
    });
    expect(toolCallValidity([[], []], tools).calls).toMatchObject({ n: 0, rate: null, reason: "no tool calls" });
  });
  it("rejects a malformed tools list with a user error naming the tool", () => {
    expect(() => compileTools([{ type: "function", function: { name: "x", parameters: { type: "objekt" } } }])).toThrow(
      /parameters of "x"/,
    );
    expect(() => compileTools([{ type: "tool" }])).toThrow(UserError);
  });
});

describe("refusal, empty, truncation", () => {
  it("spots refusal phrases in the opening, curly apostrophes included", () => {
    expect(refusalPhrase("I’m sorry, but I can’t help with that.")).toBe("i can't help with");
    expect(isRefusal("As an AI language model, I cannot browse the web.")).toBe(true);
    expect(isRefusal("I am unable to\nverify that claim.")).toBe(true);
    expect(isRefusal("Sorry for the delay! Here is the summary you asked for.")).toBe(false);
    expect(isRefusal(`${"Here is a long and helpful answer. ".repeat(10)}I can't help with anything more.`)).toBe(
      false,
    );
    expect(isRefusal("")).toBe(false);
  });
  it("counts empty and whitespace-only answers, invisible characters included", () => {
    expect(isBlank("")).toBe(true);
    expect(isBlank(" \n\t\u00a0\u3000")).toBe(true);
    expect(isBlank("\u200b\ufeff")).toBe(true);
    expect(isBlank(".")).toBe(false);
    expect(isBlank("😀")).toBe(false);
  });
  it("formatRates counts every response in every denominator", () => {
    const r = formatRates([
      { text: '{"a": 1}', finishReason: "stop" },
      { text: "I cannot help with that.", finishReason: "stop" },
      { text: "  ", finishReason: "stop" },
      { text: "and then the", finishReason: "length" },
    ]);
    expect(r.json_valid).toMatchObject({ count: 1, n: 4, rate: 0.25 });
    expect(r.json_contained).toMatchObject({ count: 1, n: 4 });
    expect(r.refusal).toMatchObject({ count: 1, n: 4 });
    expect(r.empty).toMatchObject({ count: 1, n: 4 });
    expect(r.truncated).toMatchObject({ count: 1, n: 4 });
    expect(r.json_schema_valid).toBeUndefined();
    expect(formatRates([]).empty).toMatchObject({ n: 0, rate: null, ci95: null, reason: "no responses" });
  });
});
