import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importRun } from "../../src/runner/import-session.js";
import { runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "infermark-records-cli-"));
const source = join(dir, "vllm.json");
writeFileSync(source, JSON.stringify({ duration: 1, input_lens: [5], output_lens: [2], ttfts: [0.1], itls: [[0.01]] }));
/** A run directory made through the library, as `infermark import` makes it. */
const imported = (name: string): string => {
  const out = join(dir, name);
  importRun({ tool: "vllm", file: source, outDir: out, command: ["test"] });
  return out;
};

describe("files from another tool or a newer infermark, through the CLI: one line, exit 2", () => {
  it("report on a summary.json of a newer infermark", async () => {
    const out = imported("newer");
    const path = join(out, "summary.json");
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, "utf8")), schema: "infermark.bench/2" }));
    const res = await runCli(["report", out]);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe("");
    expect(res.stderr).toBe(
      `infermark: ${path}: schema infermark.bench/2 is newer than this infermark (reads infermark.bench/1); upgrade infermark\n`,
    );
  });

  it("report on a records.jsonl holding a line from another tool", async () => {
    const out = imported("foreign");
    const path = join(out, "records.jsonl");
    writeFileSync(
      path,
      JSON.stringify({ schema: "guidellm.request/1", request_id: "r" }) + "\n" + readFileSync(path, "utf8"),
    );
    const res = await runCli(["report", out, "--json"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(
      `infermark: ${path}:1: schema guidellm.request/1 is not infermark.record (a file from another tool?); this infermark reads infermark.record/1\n`,
    );
  });

  it("compare on a run.json of a newer infermark", async () => {
    const out = imported("newer-run");
    const path = join(out, "run.json");
    writeFileSync(path, JSON.stringify({ schema: "infermark.run/2", kind: "eval" }));
    const res = await runCli(["compare", out, out]);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(
      `infermark: ${path}: schema infermark.run/2 is newer than this infermark (reads infermark.run/1); upgrade infermark\n`,
    );
  });
});
