import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JsonlWriter, readJsonl } from "../../src/records/jsonl.js";

const dir = mkdtempSync(join(tmpdir(), "infermark-jsonl-"));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe("readJsonl (block by block)", () => {
  it("reads lines that straddle its 1 MiB blocks, multi-byte characters included", () => {
    // ~3 MiB of lines whose lengths do not divide the block size, each holding 4-byte characters.
    const rows = Array.from({ length: 3000 }, (_, i) => ({ i, text: "😀é".repeat(150 + (i % 37)) }));
    const { values, truncatedLastLine } = readJsonl<{ i: number; text: string }>(
      file("big.jsonl", rows.map((r) => JSON.stringify(r)).join("\n") + "\n"),
    );
    expect(truncatedLastLine).toBe(false);
    expect(values).toEqual(rows);
  });

  it("drops a last line cut mid-write and says so; a bad line that a newline ends is an error with its number", () => {
    const cut = readJsonl(file("cut.jsonl", '{"a":1}\n\n{"a":2}\n{"a":'));
    expect(cut).toEqual({ values: [{ a: 1 }, { a: 2 }], truncatedLastLine: true });
    expect(() => readJsonl(file("bad.jsonl", '{"a":1}\nnot json\n{"a":2}\n'))).toThrow(/bad\.jsonl:2: not valid JSON/);
    expect(() => readJsonl(file("badlast.jsonl", '{"a":1}\n{"a":\n'))).toThrow(/badlast\.jsonl:2: not valid JSON/);
    expect(readJsonl(file("noeol.jsonl", '{"a":1}\n{"a":2}'))).toEqual({
      values: [{ a: 1 }, { a: 2 }],
      truncatedLastLine: false,
    });
    expect(() => readJsonl(join(dir, "missing.jsonl"))).toThrow(/cannot read/);
  });
});

describe("JsonlWriter after a crash mid-write", () => {
  it("drops the cut last line before appending, so resuming never glues a record onto it", () => {
    const p = file("cut.jsonl", '{"a":1}\n{"b":2}\n{"c":');
    const w = new JsonlWriter(p);
    w.append({ d: 4 });
    w.close();
    expect(readFileSync(p, "utf8")).toBe('{"a":1}\n{"b":2}\n{"d":4}\n');
    expect(readJsonl(p)).toEqual({ values: [{ a: 1 }, { b: 2 }, { d: 4 }], truncatedLastLine: false });
  });
  it("keeps a whole file whole, and empties a file that holds only a cut line", () => {
    const whole = file("whole.jsonl", '{"a":1}\n');
    new JsonlWriter(whole).close();
    expect(readFileSync(whole, "utf8")).toBe('{"a":1}\n');
    const only = file("only.jsonl", '{"a":1');
    const w = new JsonlWriter(only);
    w.append({ b: 2 });
    w.close();
    expect(readFileSync(only, "utf8")).toBe('{"b":2}\n');
  });
  it("finds the last newline however far back it is (a cut line longer than its read block)", () => {
    const p = file("long-cut.jsonl", '{"a":1}\n' + '{"big":"' + "x".repeat(200_000));
    const w = new JsonlWriter(p);
    w.append({ b: 2 });
    w.close();
    expect(readFileSync(p, "utf8")).toBe('{"a":1}\n{"b":2}\n');
  });
});
