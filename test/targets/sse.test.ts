import { describe, expect, it } from "vitest";
import { createSseParser, type SseEvent } from "../../src/targets/sse.js";

function parse(chunks: Array<string | Buffer>, endT = 99): SseEvent[] {
  const events: SseEvent[] = [];
  const p = createSseParser((e) => events.push(e));
  chunks.forEach((c, i) => p.push(typeof c === "string" ? Buffer.from(c) : c, i));
  p.end(endT);
  return events;
}

describe("SSE parser", () => {
  it("stamps each event with the arrival time of the chunk that completed it", () => {
    const events = parse(['data: {"a":', "1}\n", "\n", 'data: {"b":2}\n\n']);
    expect(events).toEqual([
      { event: "message", data: '{"a":1}', t: 2 },
      { event: "message", data: '{"b":2}', t: 3 },
    ]);
  });

  it("handles several events in one read", () => {
    const events = parse(["data: 1\n\ndata: 2\n\ndata: 3\n\n"]);
    expect(events.map((e) => e.data)).toEqual(["1", "2", "3"]);
    expect(events.every((e) => e.t === 0)).toBe(true);
  });

  it("handles CRLF and lone CR line endings, including a CRLF split across reads", () => {
    expect(parse(["data: a\r\n\r\ndata: b\r\r"]).map((e) => e.data)).toEqual(["a", "b"]);
    const split = parse(["data: x\r", "\n\r", "\ndata: y\r\n\r\n"]);
    expect(split.map((e) => e.data)).toEqual(["x", "y"]);
    expect(split[0]!.t).toBe(1); // the blank line is complete at its CR, in the second read
  });

  it("ignores comments and keep-alive lines", () => {
    expect(parse([": keep-alive\n\n", ":ping\n", "data: z\n\n"]).map((e) => e.data)).toEqual(["z"]);
  });

  it("joins multi-line data with newlines and keeps the event name", () => {
    const [e] = parse(["event: error\ndata: line one\ndata: line two\n\n"]);
    expect(e).toEqual({ event: "error", data: "line one\nline two", t: 0 });
  });

  it("reads a field line without a colon as the whole line's name with an empty value, also when a later line in the read has one", () => {
    // WHATWG: "data" alone appends an empty line to the data; "event" alone sets an empty name; "dataX: 1" is an unknown field.
    const events = parse(["data\ndata: x\n\nevent\ndata: y\n\ndataX: 1\ndata:\n\n"]);
    expect(events).toEqual([
      { event: "message", data: "\nx", t: 0 },
      { event: "message", data: "y", t: 0 },
      { event: "message", data: "", t: 0 },
    ]);
  });

  it("strips exactly one space after the colon", () => {
    expect(parse(["data:  two spaces\n\ndata:none\n\n"]).map((e) => e.data)).toEqual([" two spaces", "none"]);
  });

  it("keeps a UTF-8 character split across reads intact", () => {
    const bytes = Buffer.from("data: héllo €\n\n");
    const cut = bytes.indexOf(0xe2) + 1; // inside the 3-byte euro sign
    expect(parse([bytes.subarray(0, cut), bytes.subarray(cut)])[0]!.data).toBe("héllo €");
  });

  it("parses a 1 MB event arriving in 64 KiB reads", () => {
    const payload = "x".repeat(1024 * 1024);
    const bytes = Buffer.from(`data: ${payload}\n\n`);
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 65536) chunks.push(bytes.subarray(i, i + 65536));
    const events = parse(chunks);
    expect(events).toHaveLength(1);
    expect(events[0]!.data.length).toBe(payload.length);
    expect(events[0]!.t).toBe(chunks.length - 1);
  });

  it("does not let the transport reuse a buffer under a partial line", () => {
    const events: SseEvent[] = [];
    const p = createSseParser((e) => events.push(e));
    const buf = Buffer.from("data: abc");
    p.push(buf, 0);
    buf.fill(0x41); // the transport overwrote its buffer
    p.push(Buffer.from("def\n\n"), 1);
    expect(events[0]!.data).toBe("abcdef");
  });

  it("passes [DONE] through as data and flushes an unterminated last event at end", () => {
    const events = parse(["data: 1\n\n", "data: [DONE]"], 7);
    expect(events.map((e) => [e.data, e.t])).toEqual([
      ["1", 0],
      ["[DONE]", 7],
    ]);
  });

  it("dispatches nothing for a blank line without data", () => {
    expect(parse(["\n\n\nevent: x\n\n"])).toEqual([]);
  });
});
