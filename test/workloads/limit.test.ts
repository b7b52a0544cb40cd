import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultLimitMode, limitItems } from "../../src/workloads/limit.js";
import { loadTask } from "../../src/workloads/tasks/load.js";
import { SHARED } from "../helpers/cli.js";

const item = (id: string, subject?: string): { id: string; metadata: Record<string, unknown> } => ({
  id,
  metadata: subject ? { subject } : {},
});
// Three subjects of 4, 2 and 1 items, in file order (as MMLU's folder is read: subject by subject).
const FIXTURE = [
  item("a0", "a"),
  item("a1", "a"),
  item("a2", "a"),
  item("a3", "a"),
  item("b0", "b"),
  item("b1", "b"),
  item("c0", "c"),
];
const ids = (xs: ReadonlyArray<{ id: string }>): string[] => xs.map((x) => x.id);

describe("--limit modes", () => {
  it("first takes the first n in file order", () => {
    expect(ids(limitItems(FIXTURE, 3, "first", 0))).toEqual(["a0", "a1", "a2"]);
  });

  it("stratified takes each subject's first item, then each one's second, ... (picks worked out by hand)", () => {
    // Round 1: a0 b0 c0; round 2: a1 b1 (c has no second); round 3: a2. Whatever order subjects take turns in.
    for (const seed of [0, 1, 7]) {
      expect(ids(limitItems(FIXTURE, 3, "stratified", seed))).toEqual(["a0", "b0", "c0"]);
      expect(ids(limitItems(FIXTURE, 5, "stratified", seed))).toEqual(["a0", "a1", "b0", "b1", "c0"]);
      expect(ids(limitItems(FIXTURE, 6, "stratified", seed))).toEqual(["a0", "a1", "a2", "b0", "b1", "c0"]);
    }
  });

  it("stratified below the number of subjects draws a seeded set of subjects, one item each", () => {
    const picks = [0, 1, 2, 3, 4, 5, 6, 7].map((seed) => ids(limitItems(FIXTURE, 2, "stratified", seed)));
    for (const p of picks) {
      expect(p).toHaveLength(2);
      expect(p.every((id) => ["a0", "b0", "c0"].includes(id))).toBe(true);
    }
    expect(ids(limitItems(FIXTURE, 2, "stratified", 3))).toEqual(picks[3]);
    expect(new Set(picks.map((p) => p.join())).size).toBeGreaterThan(1);
  });

  it("a limit at or above the item count keeps everything; no limit keeps everything", () => {
    expect(ids(limitItems(FIXTURE, 7, "stratified", 0))).toEqual(ids(FIXTURE));
    expect(ids(limitItems(FIXTURE, null, "first", 0))).toEqual(ids(FIXTURE));
  });

  it("is the default only for items with a subject or category", () => {
    expect(defaultLimitMode(FIXTURE)).toBe("stratified");
    expect(defaultLimitMode([{ metadata: { category: "Misconceptions" } }])).toBe("stratified");
    expect(defaultLimitMode([item("x"), item("y")])).toBe("first");
  });

  it("on the MMLU test folder: 20 items are 20 subjects' first questions; 2 per subject are each one's first two", () => {
    const dir = join(SHARED, "datasets", "mmlu", "test");
    const subjects = readdirSync(dir)
      .filter((f) => f.endsWith("_test.csv"))
      .map((f) => f.replace(/_test\.csv$/, ""));
    expect(subjects).toHaveLength(57);
    const t = loadTask("mmlu", { data: dir, scorers: [], seed: 0 });
    const twenty = limitItems(t.items, 20, "stratified", 0);
    expect(new Set(twenty.map((i) => i.metadata.subject)).size).toBe(20);
    expect(twenty.every((i) => i.id.endsWith("-0"))).toBe(true);
    const two = ids(limitItems(t.items, 2 * 57, "stratified", 5));
    expect(two.sort()).toEqual(subjects.flatMap((s) => [`${s}-0`, `${s}-1`]).sort());
    // The first-n cut, for contrast: all of one subject.
    expect(new Set(limitItems(t.items, 20, "first", 0).map((i) => i.metadata.subject))).toEqual(
      new Set(["abstract_algebra"]),
    );
  });
});
