import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, SHARED_MODEL } from "../helpers/cli.js";

const tmp = mkdtempSync(join(tmpdir(), "infermark-cli-targets-"));

describe("infermark bench: targets from the scheme table (CLI)", () => {
  it("a bare PATH.gguf runs the embedded engine; --workers on it is a warning, not silently dropped", async () => {
    const out = join(tmp, "gguf");
    const res = await runCli([
      "bench",
      "--target",
      SHARED_MODEL,
      "--workers",
      "2",
      "--requests",
      "2",
      "--input-tokens",
      "8",
      "--output-tokens",
      "4",
      "--threads",
      "1",
      "--out",
      out,
    ]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain(
      "infermark: warning: --workers 2: the embedded engine does not run on worker threads; its requests run on this thread",
    );
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as {
      target: { kind: string; model_path: string };
      workers: number;
    };
    expect(run.target).toMatchObject({ kind: "llama", model_path: SHARED_MODEL });
    expect(run.workers).toBe(1);
  });

  it("an unknown target form is one line naming the valid ones, exit 2", async () => {
    const res = await runCli(["bench", "--target", "grpc://127.0.0.1:9000", "--out", join(tmp, "grpc")]);
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split("\n")).toHaveLength(1);
    expect(res.stderr).toMatch(
      /unsupported target URL or path "grpc:\/\/127\.0\.0\.1:9000": expected http\(s\):\/\/host:port\/v1; llama:PATH\.gguf or PATH\.gguf/,
    );
  });
});
