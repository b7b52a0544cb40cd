import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { datasetWorkload, loadDatasetRows } from "../../src/workloads/dataset.js";
import { parseLength } from "../../src/workloads/length.js";
import { syntheticWorkload } from "../../src/workloads/synthetic.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SHAREGPT = new URL("../../../shared/datasets/sharegpt_style/fastchat_dummy_conversation.json", import.meta.url).pathname;

describe("synthetic workload", () => {
  const fixed = { seed: 1, input: { mean: 64, sd: 0 }, output: { mean: 32, sd: 0 }, sharedPrefix: 0 };

  it("is reproducible per item and different across items and seeds", () => {
    const a = syntheticWorkload(fixed);
    const b = syntheticWorkload(fixed);
    expect(b.item(5)).toEqual(a.item(5));
    expect(a.item(5).prompt).not.toBe(a.item(6).prompt);
    expect(syntheticWorkload({ ...fixed, seed: 2 }).item(5).prompt).not.toBe(a.item(5).prompt);
  });

  it("makes prompts of the asked word count and max_tokens", () => {
    const item = syntheticWorkload(fixed).item(0);
    expect(item.prompt!.split(" ")).toHaveLength(64);
    expect(item.maxTokens).toBe(32);
    expect(item.inputTokensHint).toBe(64);
  });

  it("starts prompts differently unless a shared prefix is asked for", () => {
    const w = syntheticWorkload(fixed);
    const firstWords = new Set(Array.from({ length: 500 }, (_, i) => w.item(i).prompt!.split(" ").slice(0, 3).join(" ")));
    expect(firstWords.size).toBe(500);
    const shared = syntheticWorkload({ ...fixed, sharedPrefix: 16 });
    const p0 = shared.item(0).prompt!.split(" ");
    const p1 = shared.item(1).prompt!.split(" ");
    expect(p0.slice(0, 16)).toEqual(p1.slice(0, 16));
    expect(p0.slice(16, 19)).not.toEqual(p1.slice(16, 19));
  });

  it("draws lengths around the mean with N:SD", () => {
    const w = syntheticWorkload({ ...fixed, input: parseLength("200:40", "--input-tokens") });
    const lens = Array.from({ length: 2000 }, (_, i) => w.item(i).inputTokensHint!);
    const mean = lens.reduce((a, b) => a + b, 0) / lens.length;
    const sd = Math.sqrt(lens.reduce((a, b) => a + (b - mean) ** 2, 0) / lens.length);
    expect(mean).toBeGreaterThan(196);
    expect(mean).toBeLessThan(204);
    expect(sd).toBeGreaterThan(36);
    expect(sd).toBeLessThan(44);
  });

  it("rejects malformed lengths", () => {
    expect(() => parseLength("abc", "--input-tokens")).toThrow(UserError);
    expect(() => parseLength("0", "--output-tokens")).toThrow(/--output-tokens/);
  });
});

describe("dataset workload", () => {
  const dir = mkdtempSync(join(tmpdir(), "infermark-ds-"));

  it("reads the shared ShareGPT-style file: first human turn of each conversation", () => {
    const rows = loadDatasetRows(SHAREGPT);
    expect(rows.length).toBeGreaterThan(400);
    expect(rows[0]).toEqual({ messages: [{ role: "user", content: "Who are you?" }] });
  });

  it("reads JSONL prompt and messages rows, with per-row max_tokens", () => {
    const p = join(dir, "ok.jsonl");
    writeFileSync(p, '{"prompt":"hi"}\n\n{"messages":[{"role":"user","content":"yo"}],"max_tokens":7}\n');
    const rows = loadDatasetRows(p);
    expect(rows).toEqual([{ prompt: "hi" }, { messages: [{ role: "user", content: "yo" }], maxTokens: 7 }]);
    const w = datasetWorkload(p, rows, 0, { mean: 9, sd: 0 });
    const items = [0, 1, 2, 3].map((i) => w.item(i));
    expect(items.filter((i) => i.prompt === "hi")).toHaveLength(2); // cycles through both rows
    expect(items.find((i) => i.messages)!.maxTokens).toBe(7);
    expect(items.find((i) => i.prompt)!.maxTokens).toBe(9);
  });

  it("names the file and line of a malformed row", () => {
    const p = join(dir, "bad.jsonl");
    writeFileSync(p, '{"prompt":"ok"}\n{"prompt": 3}\n');
    expect(() => loadDatasetRows(p)).toThrow(`${p}:2: needs a "prompt" string or a "messages" list`);
    writeFileSync(p, '{"prompt":"ok"}\n{oops\n');
    expect(() => loadDatasetRows(p)).toThrow(`${p}:2: not valid JSON`);
  });

  it("says when the file cannot be read", () => {
    expect(() => loadDatasetRows(join(dir, "missing.jsonl"))).toThrow(/cannot read dataset .*ENOENT/);
  });
});
