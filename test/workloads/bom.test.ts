import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDatasetRows } from "../../src/workloads/dataset.js";
import { loadTask } from "../../src/workloads/tasks/load.js";

// Windows editors and Excel's "CSV UTF-8" start files with a byte-order mark: every reader accepts it.
const BOM = "\uFEFF";
const dir = mkdtempSync(join(tmpdir(), "infermark-bom-"));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, BOM + text);
  return p;
};

describe("files with a UTF-8 byte-order mark", () => {
  it("bench datasets: JSONL, a JSON array and ShareGPT JSON", () => {
    expect(loadDatasetRows(file("d.jsonl", '{"prompt":"a"}\n{"prompt":"b"}\n'))).toEqual([
      { prompt: "a" },
      { prompt: "b" },
    ]);
    expect(loadDatasetRows(file("d.json", '[{"prompt":"a"}]'))).toEqual([{ prompt: "a" }]);
    expect(loadDatasetRows(file("s.json", '[{"conversations":[{"from":"human","value":"hi"}]}]'))).toEqual([
      { messages: [{ role: "user", content: "hi" }] },
    ]);
  });

  it("eval tasks: JSONL, CSV, a YAML task and its dataset", () => {
    const jsonl = file("t.jsonl", '{"input":"1+1?","target":2}\n');
    const csv = file("t.csv", "input,target\n1+1?,2\n");
    expect(loadTask(jsonl, { scorers: [], seed: 0 }).items[0]).toMatchObject({ input: "1+1?", targets: [2] });
    expect(loadTask(csv, { scorers: [], seed: 0 }).items[0]).toMatchObject({ input: "1+1?", targets: ["2"] });
    const yaml = file("t.yaml", "name: bom\ndataset: t.csv\nmetrics: [numeric]\n");
    expect(loadTask(yaml, { scorers: [], seed: 0 })).toMatchObject({ name: "bom", metrics: ["numeric"] });
  });

  it("a preset's CSV (MMLU layout)", () => {
    const mmlu = file("algebra_test.csv", "What is 1+1?,1,2,3,4,B\n");
    expect(loadTask("mmlu", { data: mmlu, scorers: [], seed: 0 }).items[0]).toMatchObject({
      input: "What is 1+1?",
      targets: ["B"],
    });
  });
});
