import { countPromptWords, startMockServer } from "../../src/mock/sse-server.js";
import { benchHttp } from "../helpers/bench-run.js";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { datasetWorkload, FROM_DATASET, loadDatasetRows, replyTokens } from "../../src/workloads/dataset.js";
import { parseLength } from "../../src/workloads/length.js";
import { syntheticWorkload } from "../../src/workloads/synthetic.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SHAREGPT = new URL("../../../shared/datasets/sharegpt_style/fastchat_dummy_conversation.json", import.meta.url)
  .pathname;

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
    const firstWords = new Set(
      Array.from({ length: 500 }, (_, i) => w.item(i).prompt!.split(" ").slice(0, 3).join(" ")),
    );
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

  it("reads the shared ShareGPT-style file: first human turn of each conversation, the gpt turn after it as its reply", () => {
    const rows = loadDatasetRows(SHAREGPT);
    expect(rows.length).toBeGreaterThan(400);
    // The file's first conversation, as written in it.
    expect(rows[0]).toEqual({
      messages: [{ role: "user", content: "Who are you?" }],
      reply: "I am Vicuna, a language model trained by researchers from Large Model Systems Organization (LMSYS).",
    });
  });

  it("--output-tokens dataset: each item's max_tokens is its reply's word count (15 words in the first reply)", () => {
    const rows = loadDatasetRows(SHAREGPT);
    const w = datasetWorkload(SHAREGPT, rows, 0, FROM_DATASET);
    for (let i = 0; i < 20; i++) {
      const item = w.item(i);
      // A question asked twice in the file may have two replies: the budget is one of theirs.
      const lengths = rows
        .filter((r) => r.messages?.[0]?.content === item.messages?.[0]?.content)
        .map((r) => r.reply?.split(" ").filter(Boolean).length);
      expect(lengths).toContain(item.maxTokens);
    }
    expect(replyTokens(rows[0]?.reply ?? "")).toBe(15);
    expect(w.describe.rows_without_reply).toBe(0);
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

describe("synthetic prompts sized by the target's tokenizer (issue 10.6)", () => {
  // A stand-in tokenizer with the shape of a small vocabulary: BOS, then one token per 2 letters of each word.
  const count = (p: string): number =>
    1 +
    p
      .split(" ")
      .filter(Boolean)
      .reduce((n, w) => n + Math.ceil(w.length / 2), 0);

  it("gives the longest word sequence within the target, in that tokenizer's tokens", () => {
    const w = syntheticWorkload({
      seed: 3,
      input: { mean: 64, sd: 0 },
      output: { mean: 8, sd: 0 },
      sharedPrefix: 0,
      sizer: { count, by: "test tokenizer" },
    });
    expect(w.describe.input_sized_by).toBe("test tokenizer");
    for (let i = 0; i < 20; i++) {
      const item = w.item(i);
      const n = count(item.prompt!);
      expect(n).toBeLessThanOrEqual(64);
      // One more word would not have fitted: every word here is at most 4 tokens.
      expect(n).toBeGreaterThan(64 - 4);
      expect(item.inputTokensHint).toBe(n);
      expect(w.item(i)).toEqual(item); // the same item every time it is asked for
    }
  });

  it("without a tokenizer says the lengths are approximate (N words)", () => {
    const w = syntheticWorkload({ seed: 3, input: { mean: 64, sd: 0 }, output: { mean: 8, sd: 0 }, sharedPrefix: 0 });
    expect(w.describe.input_sized_by).toBe("words (approximate)");
    expect(w.item(0).prompt!.split(" ")).toHaveLength(64);
  });
});

describe("the mock server counts prompt tokens", () => {
  it("as whitespace words of the prompt or of every message (it reported 10 whatever it was sent)", () => {
    expect(countPromptWords({ prompt: "one two  three\nfour" })).toBe(4);
    expect(
      countPromptWords({
        messages: [
          { role: "system", content: "be brief" },
          { role: "user", content: "how many words here" },
        ],
      }),
    ).toBe(6);
    expect(countPromptWords({})).toBe(0);
  });

  it("reports that count in usage, so records carry the prompt's real length", async () => {
    const mock = await startMockServer({ ttftMs: 1, itlMs: 1 });
    try {
      const { records } = await benchHttp(
        mock.url,
        { kind: "levels", loads: [{ mode: "concurrency", value: 1 }] },
        { requests: 3, outputTokens: 2 },
      );
      // benchHttp asks for 16-word synthetic prompts, sent as one chat message.
      expect(records.map((r) => [r.tokens.input, r.tokens.input_source])).toEqual([
        [16, "usage"],
        [16, "usage"],
        [16, "usage"],
      ]);
    } finally {
      await mock.close();
    }
  });
});
