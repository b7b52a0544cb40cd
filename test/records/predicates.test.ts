import { describe, expect, expectTypeOf, it } from "vitest";
import {
  isCompleted,
  isEvalRecord,
  isFailed,
  type CompletedRecord,
  type EvalTag,
  type RecordError,
} from "../../src/records/record.js";
import { makeRecord } from "../helpers/records.js";

describe("record predicates narrow the type", () => {
  const ok = makeRecord([[5, 1]]);
  const failed = makeRecord([], { error: { kind: "timeout", message: "took too long" } });
  const evalRecord = makeRecord([[5, 1]], { eval: { task: "t", item_id: "q1", sample: 0 } });

  it("isCompleted and isFailed split records by their error", () => {
    expect([ok, failed].map(isCompleted)).toEqual([true, false]);
    expect([ok, failed].map(isFailed)).toEqual([false, true]);
    const done = [ok, failed].filter(isCompleted);
    expectTypeOf(done).toEqualTypeOf<CompletedRecord[]>();
    expectTypeOf(done[0]?.error).toEqualTypeOf<null | undefined>();
    const errors = [ok, failed].filter(isFailed).map((r) => r.error.kind);
    expectTypeOf([ok, failed].filter(isFailed)[0]?.error).toEqualTypeOf<RecordError | undefined>();
    expect(errors).toEqual(["timeout"]);
  });

  it("isEvalRecord lets code read the item and sample without a non-null assertion", () => {
    const tagged = [ok, evalRecord].filter(isEvalRecord);
    expectTypeOf(tagged[0]?.eval).toEqualTypeOf<EvalTag | undefined>();
    expect(tagged.map((r) => `${r.eval.item_id}/${r.eval.sample}`)).toEqual(["q1/0"]);
  });
});
