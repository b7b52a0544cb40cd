import { describe, expect, it } from "vitest";
import { RECORD_TURN_BUDGET_MS, RecordQueue } from "../../src/runner/record-queue.js";
import type { RequestRecord } from "../../src/records/record.js";
import { makeRecord } from "../helpers/records.js";

/** Resolves after the queue's next turn: an immediate queued after the queue's own runs after it. */
const afterOneTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("RecordQueue", () => {
  it("finishes many cheap records in one turn, so a burst of stream ends cannot pile up", async () => {
    const seen: number[] = [];
    const q = new RecordQueue((r) => seen.push(r.id));
    for (let i = 0; i < 200; i++) q.push(() => makeRecord([[1, 1]], { id: i }));
    await afterOneTurn();
    // One record per turn (the old rule) would have finished exactly 1 by now.
    expect(seen.length).toBeGreaterThan(1);
    await q.drain();
    expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it("stops a turn once the budget is spent, so socket reads are serviced between records", async () => {
    const seen: number[] = [];
    const slow = (r: RequestRecord): void => {
      const until = performance.now() + 2 * RECORD_TURN_BUDGET_MS;
      while (performance.now() < until);
      seen.push(r.id);
    };
    const q = new RecordQueue(slow);
    for (let i = 0; i < 3; i++) q.push(() => makeRecord([[1, 1]], { id: i }));
    await afterOneTurn();
    expect(seen).toEqual([0]);
    await q.drain();
    expect(seen).toEqual([0, 1, 2]);
  });
});
