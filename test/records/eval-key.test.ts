import { describe, expect, it } from "vitest";
import { sameVariant, sampleKey, variantOf } from "../../src/records/eval-key.js";
import type { EvalTag } from "../../src/records/record.js";
import { latestByKey } from "../../src/standards/accuracy/summarize-eval.js";
import { makeRecord } from "../helpers/records.js";

describe("sampleKey: one key for (item, variant, sample)", () => {
  it("an original sample keeps the key it had before variants existed: item, NUL, sample", () => {
    expect(sampleKey({ item_id: "q1", sample: 3 })).toBe("q1\u00003");
    expect(sampleKey({ item_id: "q1", sample: 3, variant: null })).toBe("q1\u00003");
  });

  it("a record written before variants existed (no variant field) is the original", () => {
    const old = JSON.parse('{"task":"t","item_id":"q1","sample":0}') as EvalTag;
    expect(variantOf(old)).toBeNull();
    expect(sampleKey(old)).toBe(sampleKey({ item_id: "q1", sample: 0, variant: null }));
    expect(sameVariant(old.variant, null)).toBe(true);
  });

  it("the original and its variants never share a key, nor do variants differing only in name or seed", () => {
    const keys = [
      sampleKey({ item_id: "q1", sample: 0 }),
      sampleKey({ item_id: "q1", sample: 0, variant: { name: "typos", seed: 1 } }),
      sampleKey({ item_id: "q1", sample: 0, variant: { name: "typos", seed: 2 } }),
      sampleKey({ item_id: "q1", sample: 0, variant: { name: "case", seed: 1 } }),
      sampleKey({ item_id: "q1", sample: 1, variant: { name: "typos", seed: 1 } }),
    ];
    expect(new Set(keys).size).toBe(5);
  });

  it("item ids and names holding the separator or backslashes cannot forge another sample's key", () => {
    // Joined naively, both would be "x\0 0\0 t\0 1" (spaces added here for reading).
    const original = sampleKey({ item_id: "x\u00000\u0000t", sample: 1 });
    const variant = sampleKey({ item_id: "x", sample: 0, variant: { name: "t", seed: 1 } });
    expect(original).not.toBe(variant);
    // An escaped NUL ("\\0" as two characters) and a real NUL stay apart too.
    expect(sampleKey({ item_id: "a\\0", sample: 0 })).not.toBe(sampleKey({ item_id: "a\u0000", sample: 0 }));
    expect(sampleKey({ item_id: "a", sample: 0, variant: { name: "n\u00001", seed: 2 } })).not.toBe(
      sampleKey({ item_id: "a", sample: 0, variant: { name: "n", seed: 1 } }),
    );
  });
});

describe("latestByKey keeps each variant of a sample apart", () => {
  it("an old record (no variant) and a new original of the same sample are one key; a variant's is another", () => {
    const tag = (variant?: { name: string; seed: number }): EvalTag => ({
      task: "t",
      item_id: "q1",
      sample: 0,
      ...(variant ? { variant } : {}),
    });
    const records = [
      makeRecord([[1, 1]], { id: 0, eval: tag(), error: { kind: "timeout", message: "slow" } }),
      makeRecord([[1, 1]], { id: 1, eval: { ...tag(), variant: null } }),
      makeRecord([[1, 1]], { id: 2, eval: tag({ name: "typos", seed: 1 }) }),
    ];
    const latest = latestByKey(records, "t");
    expect(latest.size).toBe(2);
    // The completed retry of the original wins over its failed first try.
    expect(latest.get("q1\u00000")?.id).toBe(1);
    expect(latest.get(sampleKey(tag({ name: "typos", seed: 1 })))?.id).toBe(2);
  });
});
