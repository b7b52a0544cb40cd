// Every `npx infermark …` line of the README's quick start, run as a user runs it: the built CLI in
// its own process against the mock server in another process, default flags as written. Only the
// request counts are trimmed (a later flag wins in commander; `run` has no such flags, so the starter
// config `init` wrote is trimmed in place) so the whole file takes about a minute.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnMockServer, type SpawnedMockServer } from "../../src/mock/spawn.js";
import { packageRoot } from "../../src/package-root.js";
import { runCli, SHARED, SHARED_MODEL } from "../helpers/cli.js";

/** The README's commands, continuation lines joined, in order. */
function readmeCommands(): string[] {
  const text = readFileSync(join(packageRoot(), "README.md"), "utf8").replace(/\\\n\s*/g, "");
  return text
    .split("\n")
    .map((l) => l.replace(/#.*$/, "").trim())
    .filter((l) => l.startsWith("npx infermark "));
}

/** Extra flags that shorten a command without changing what it exercises. */
const TRIM: Array<[RegExp, string[]]> = [
  [/^init /, ["--force"]],
  [/^bench .*--find-max/, ["--requests", "30", "--max-probes", "3", "--repeats", "1", "--max-concurrency", "8"]],
  [/^bench .*--rate/, ["--requests", "10"]],
  [/^bench /, ["--requests", "40", "--output-tokens", "16"]],
  [/^eval .*--limit/, ["--limit", "6", "--max-tokens", "16"]],
  [/^calibrate/, ["--concurrency", "1,32", "--workers", "1,2", "--tokens", "32", "--ttft", "10", "--itl", "1"]],
];

describe("the README's quick start, line by line", () => {
  let mock: SpawnedMockServer;
  const tmp = mkdtempSync(join(tmpdir(), "infermark-readme-"));
  const cache = mkdtempSync(join(tmpdir(), "infermark-readme-cache-"));
  beforeAll(async () => {
    mock = await spawnMockServer(["--ttft", "5", "--itl", "1"]);
  });
  afterAll(async () => {
    await mock?.close();
  });

  const commands = readmeCommands();
  it("has the examples this test expects", () => {
    expect(commands.length).toBeGreaterThanOrEqual(10);
  });

  for (const command of commands) {
    it(
      command,
      async () => {
        const line = command
          .slice("npx infermark ".length)
          .replaceAll("http://127.0.0.1:8000/v1", mock.url)
          .replaceAll("./models/stories260K.gguf", SHARED_MODEL)
          .replaceAll("gsm8k/test.jsonl", join(SHARED, "datasets/gsm8k/test.jsonl"))
          .replaceAll("ifeval/input_data.jsonl", join(SHARED, "datasets/ifeval/input_data.jsonl"))
          .replaceAll(
            "ifeval/responses.jsonl",
            join(SHARED, "datasets/ifeval/input_response_data_gpt4_20231107_145030.jsonl"),
          )
          .replace(/(^| )eval\.yaml/g, `$1${tmp}/eval.yaml`)
          .replace(
            /(^| )result\.json/,
            `$1${join(SHARED, "reference/serving/vllm_llm-k8s/serving_meta-llama-Llama-3.3-70B-Instruct_tp8_pp1_sharegpt_qps_04.json")}`,
          )
          .replaceAll("runs/", `${tmp}/`);
        const args = line.match(/"[^"]*"|\S+/g)!.map((a) => a.replace(/^"|"$/g, ""));
        if (args[0] === "mock-server") {
          // A server runs until stopped: start it on a free port and stop it once it listens.
          const port = args.indexOf("--port");
          args[port + 1] = "0";
          const res = await runCli(args, { INFERMARK_CACHE_DIR: cache }, (child) => {
            child.stdout?.on("data", (d: Buffer) => /listening on/.test(d.toString()) && child.kill("SIGTERM"));
          });
          expect(res.stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
          return;
        }
        if (args[0] === "run" && args[1]?.endsWith("eval.yaml")) {
          // 20 GSM8K items × 3 variants at 512 tokens on the bundled model took 80 s of this file's 170.
          const config = `${tmp}/eval.yaml`;
          const text = readFileSync(config, "utf8");
          const trimmed = text
            .replace(/^(\s*)limit: 20$/m, "$1limit: 4")
            .replace(/^(\s*)requests: 50$/m, "$1requests: 20");
          expect(trimmed, "the starter config changed: update this trim").not.toBe(text);
          writeFileSync(config, trimmed);
        }
        const trim = TRIM.find(([re]) => re.test(line))?.[1] ?? [];
        // The starter config's server candidate reads its URL from INFERMARK_TARGET, its GSM8K file from GSM8K_DATA.
        const res = await runCli([...args, ...trim], {
          INFERMARK_CACHE_DIR: cache,
          INFERMARK_MODEL: SHARED_MODEL,
          INFERMARK_TARGET: mock.url,
          GSM8K_DATA: join(SHARED, "datasets/gsm8k/test.jsonl"),
        });
        expect(res.stderr).not.toMatch(/MaxListenersExceeded|Error:|at .*\.js:\d+/);
        // `run` exits 3 when no candidate meets every gate: the command worked, the candidates did not.
        expect(args[0] === "run" ? [0, 3] : [0], res.stderr).toContain(res.code);
        // init writes a file and says so on stderr; every other command prints its result.
        if (args[0] !== "init") expect(res.stdout.length).toBeGreaterThan(0);
      },
      180_000,
    );
  }
});
