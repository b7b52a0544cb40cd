import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnMockServer, type SpawnedMockServer } from "../../src/mock/spawn.js";
import type { MockLogEntry } from "../../src/mock/sse-server.js";
import type { RequestRecord } from "../../src/records/record.js";
import { runCli } from "../helpers/cli.js";

// The flags people already know, checked from what the out-of-process mock server received: one
// vocabulary across bench and eval (old names kept), flags of vLLM / GuideLLM / lm-eval, output
// lengths that follow a dataset's replies, and custom headers that never reach the run directory.

const tmp = mkdtempSync(join(tmpdir(), "infermark-vocab-"));
const readRecords = (dir: string): RequestRecord[] =>
  readFileSync(join(dir, "records.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as RequestRecord);
type Body = { messages?: Array<{ role: string; content: string }>; max_tokens?: number };
const body = (e: MockLogEntry): Body => e.body as Body;
const content = (e: MockLogEntry): string => body(e).messages?.[0]?.content ?? "";
const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;
/** Every file under a directory, recursively. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)]));

/** A ShareGPT file whose replies have known word counts (5, 9, 2), and one conversation with no reply. */
const REPLY_WORDS: Record<string, number> = { "what is red?": 5, "why is the sky blue?": 9, "name a fruit": 2 };
function shareGpt(path: string): string {
  const reply = (n: number): string => Array.from({ length: n }, (_, i) => `w${i}`).join(" ");
  const convs = Object.entries(REPLY_WORDS).map(([q, n]) => ({
    conversations: [
      { from: "human", value: q },
      { from: "gpt", value: reply(n) },
      { from: "human", value: "and then?" },
    ],
  }));
  convs.push({ conversations: [{ from: "human", value: "a question nobody answered" }] });
  writeFileSync(path, JSON.stringify(convs));
  return path;
}

describe("flags people already know, as the server saw them", () => {
  let mock: SpawnedMockServer;
  let gated: SpawnedMockServer;
  const SECRET = "team-token-5f3a9c";
  beforeAll(async () => {
    [mock, gated] = await Promise.all([
      spawnMockServer(["--ttft", "5", "--itl", "1"]),
      // Answers 401 to any /v1 request (GET /models included) that lacks the header.
      spawnMockServer(["--ttft", "5", "--itl", "1", "--require-header", `X-Team:${SECRET}`]),
    ]);
  });
  afterAll(async () => {
    await Promise.all([mock?.close(), gated?.close()]);
  });

  /** Runs a command against `server` and returns the log entries of exactly the requests it sent. */
  async function run(
    server: SpawnedMockServer,
    args: string[],
    env: NodeJS.ProcessEnv = {},
  ): Promise<{ code: number | null; stderr: string; stdout: string; seen: MockLogEntry[] }> {
    const from = (await server.log()).length;
    const res = await runCli([...args.slice(0, 1), "--target", server.url, ...args.slice(1)], env);
    return { ...res, seen: (await server.log()).slice(from) };
  }

  describe("one vocabulary", () => {
    it("bench --data and its old name --dataset send the same prompts", async () => {
      const file = join(tmp, "rows.jsonl");
      writeFileSync(
        file,
        ["alpha one", "bravo two", "charlie three"].map((p) => JSON.stringify({ prompt: p })).join("\n"),
      );
      const common = ["--no-initial-request", "--requests", "3", "--output-tokens", "2", "--json"];
      const a = await run(mock, ["bench", "--data", file, ...common, "--out", join(tmp, "data")]);
      const b = await run(mock, ["bench", "--dataset", file, ...common, "--out", join(tmp, "dataset")]);
      expect(a.code, a.stderr).toBe(0);
      expect(b.code, b.stderr).toBe(0);
      expect(a.seen.map(content).sort()).toEqual(["alpha one", "bravo two", "charlie three"]);
      expect(b.seen.map(content).sort()).toEqual(a.seen.map(content).sort());
    });

    it("eval --output-tokens and its old name --max-tokens set max_tokens on every request", async () => {
      const task = join(tmp, "task.jsonl");
      writeFileSync(
        task,
        ["1", "2", "3"].map((t, i) => JSON.stringify({ id: `q${i}`, input: `say ${t}`, target: t })).join("\n"),
      );
      for (const flag of ["--output-tokens", "--max-tokens"]) {
        const out = join(tmp, `eval${flag}`);
        const res = await run(mock, [
          "eval",
          "--task",
          task,
          "--scorer",
          "exact",
          flag,
          "7",
          "--no-cache",
          "--out",
          out,
        ]);
        expect(res.code, res.stderr).toBe(0);
        expect(res.seen.map((e) => body(e).max_tokens)).toEqual([7, 7, 7]);
      }
    });

    it("eval --concurrency 1,4 is one line saying eval takes one number and levels are bench's", async () => {
      const res = await runCli(["eval", "--task", "starter", "--concurrency", "1,4"]);
      expect(res.code).toBe(2);
      expect(res.stderr.trim().split("\n")).toHaveLength(1);
      expect(res.stderr).toContain("eval --concurrency takes one number (requests in flight)");
      expect(res.stderr).toContain("infermark bench --concurrency 1,4");
      expect(res.stderr).not.toMatch(/NaN/);
    });
  });

  describe("flags from vLLM, GuideLLM and lm-eval", () => {
    it("vLLM's --num-prompts, --request-rate inf, --dataset-name random, --random-input-len/-output-len, --save-result", async () => {
      const out = join(tmp, "vllm-random");
      const res = await run(mock, [
        "bench",
        "--no-initial-request",
        "--dataset-name",
        "random",
        "--num-prompts",
        "5",
        "--request-rate",
        "inf",
        "--random-input-len",
        "12",
        "--random-output-len=4",
        "--seed",
        "3",
        "--save-result",
        "--json",
        "--out",
        out,
      ]);
      expect(res.code, res.stderr).toBe(0);
      expect(res.seen).toHaveLength(5);
      // Without a tokenizer on the server, a synthetic prompt of N tokens is N words.
      expect(res.seen.map((e) => [words(content(e)), body(e).max_tokens])).toEqual(Array(5).fill([12, 4]));
      const runJson = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as {
        schedule: { loads: Array<{ mode: string; value: number }> };
      };
      // inf: no arrival rate, so a closed loop (at the default concurrency, 1).
      expect(runJson.schedule.loads).toEqual([{ mode: "concurrency", value: 1 }]);
      expect(res.stderr).toContain(`--save-result: every run writes its results; this one's are in ${out}`);
    });

    it("--request-rate 40 is an open-loop level at 40 req/s; GuideLLM's --max-requests and --output-path map too", async () => {
      const out = join(tmp, "rate");
      const res = await run(mock, [
        "bench",
        "--no-initial-request",
        "--request-rate",
        "40",
        "--max-requests",
        "4",
        "--output-tokens",
        "2",
        "--json",
        "--output-path",
        out,
      ]);
      expect(res.code, res.stderr).toBe(0);
      expect(res.seen).toHaveLength(4);
      const runJson = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as {
        schedule: { loads: Array<{ mode: string; value: number }> };
      };
      expect(runJson.schedule.loads.map((l) => [l.mode, l.value])).toEqual([["rate", 40]]);
    });

    it("lm-eval's --tasks, --num_fewshot and --output_path run the eval they name", async () => {
      const task = join(tmp, "fewshot.jsonl");
      writeFileSync(
        task,
        ["1", "2", "3", "4"].map((t, i) => JSON.stringify({ id: `q${i}`, input: `say ${t}`, target: t })).join("\n"),
      );
      const out = join(tmp, "lm-eval");
      const res = await run(mock, [
        "eval",
        "--tasks",
        task,
        "--num_fewshot",
        "2",
        "--scorer",
        "exact",
        "--limit",
        "1",
        "--no-cache",
        "--output_path",
        out,
      ]);
      expect(res.code, res.stderr).toBe(0);
      expect(res.seen).toHaveLength(1);
      // Two solved examples before the question: their inputs are in the prompt, beside the item's own.
      const sent = JSON.stringify(body(res.seen[0]!).messages);
      expect(sent.match(/say \d/g)).toHaveLength(3);
      expect(readdirSync(out)).toContain("run.json");
    });

    it("--api-key VALUE is refused before anything is sent: the key would land in shell history and ps", async () => {
      const res = await run(mock, [
        "bench",
        "--api-key",
        "sk-live-abcdef123456",
        "--requests",
        "1",
        "--out",
        join(tmp, "k"),
      ]);
      expect(res.code).toBe(2);
      expect(res.stderr.trim().split("\n")).toHaveLength(1);
      expect(res.stderr).toContain("use --api-key-env NAME (the variable holding the key)");
      expect(res.stderr).not.toContain("sk-live-abcdef123456");
      expect(res.seen).toHaveLength(0);
    });

    it("a foreign flag without a clean equivalent, and typos of ours and of the table's, get one did-you-mean line", async () => {
      const cases: Array<[string[], string]> = [
        [
          ["bench", "--rate-type", "sweep"],
          "unknown option '--rate-type' (GuideLLM); did you mean --concurrency, --rate or --sweep?",
        ],
        [["eval", "--batch_size", "8"], "unknown option '--batch_size' (lm-eval); did you mean --concurrency?"],
        [["bench", "--requets", "3"], "unknown option '--requets'; did you mean --requests?"],
        [
          ["bench", "--num-promts", "3"],
          "unknown option '--num-promts'; did you mean --num-prompts (vLLM: --requests)?",
        ],
      ];
      for (const [args, line] of cases) {
        const res = await runCli(args);
        expect(res.code, args.join(" ")).toBe(2);
        expect(res.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
        expect(res.stderr, args.join(" ")).toContain(line);
      }
    });

    it("--dataset-name sharegpt without --data says to give the file (nothing is downloaded)", async () => {
      const res = await runCli(["bench", "--target", mock.url, "--dataset-name", "sharegpt"]);
      expect(res.code).toBe(2);
      expect(res.stderr).toContain("--dataset-name sharegpt: give the ShareGPT JSON file with --data FILE");
    });
  });

  describe("--output-tokens dataset", () => {
    it("each request's max_tokens is its ShareGPT reply's length in words; a conversation with no reply is left out", async () => {
      const file = shareGpt(join(tmp, "sharegpt.json"));
      const out = join(tmp, "reply-lengths");
      const res = await run(mock, [
        "bench",
        "--no-initial-request",
        "--data",
        file,
        "--output-tokens",
        "dataset",
        "--requests",
        "6",
        "--json",
        "--out",
        out,
      ]);
      expect(res.code, res.stderr).toBe(0);
      expect(res.seen).toHaveLength(6);
      for (const e of res.seen) expect(body(e).max_tokens, content(e)).toBe(REPLY_WORDS[content(e)]);
      // Three usable rows, cycled: each asked twice.
      expect(res.seen.map(content).sort()).toEqual(
        Object.keys(REPLY_WORDS)
          .flatMap((q) => [q, q])
          .sort(),
      );
      // The records hold the max_tokens each request asked for.
      const asked = readRecords(out).map((r) => r.request.body.max_tokens);
      expect(asked.sort()).toEqual(res.seen.map((e) => body(e).max_tokens).sort());
      expect(res.stderr).toContain("1 dataset rows without a reply were left out");
    });

    it("JSONL rows with a reply string work the same way", async () => {
      const file = join(tmp, "replies.jsonl");
      writeFileSync(
        file,
        [
          JSON.stringify({ prompt: "p one", reply: "a b c" }),
          JSON.stringify({ prompt: "p two", reply: "a b c d e f g h i j k" }),
        ].join("\n"),
      );
      const res = await run(mock, [
        "bench",
        "--no-initial-request",
        "--data",
        file,
        "--output-tokens",
        "dataset",
        "--requests",
        "2",
        "--json",
        "--out",
        join(tmp, "jsonl-replies"),
      ]);
      expect(res.code, res.stderr).toBe(0);
      expect(Object.fromEntries(res.seen.map((e) => [content(e), body(e).max_tokens]))).toEqual({
        "p one": 3,
        "p two": 11,
      });
    });

    it("without a dataset, or with one that has no replies, it is one clear error and nothing is sent", async () => {
      const none = await run(mock, ["bench", "--output-tokens", "dataset", "--out", join(tmp, "no-data")]);
      expect(none.code).toBe(2);
      expect(none.stderr).toContain(
        "--output-tokens dataset takes each request's length from the dataset's replies: give --data FILE",
      );
      const file = join(tmp, "no-replies.jsonl");
      writeFileSync(file, JSON.stringify({ prompt: "just a prompt" }));
      const bare = await run(mock, [
        "bench",
        "--data",
        file,
        "--output-tokens",
        "dataset",
        "--out",
        join(tmp, "no-replies"),
      ]);
      expect(bare.code).toBe(2);
      expect(bare.stderr.trim().split("\n")).toHaveLength(1);
      expect(bare.stderr).toContain(`--output-tokens dataset: ${file} has no replies`);
      expect([...none.seen, ...bare.seen]).toHaveLength(0);
    });
  });

  describe("--header NAME:VALUE", () => {
    it("bench: the header reaches GET /models and every request; its value is nowhere in the run directory", async () => {
      const out = join(tmp, "header-bench");
      const res = await run(
        gated,
        ["bench", "--header", "X-Team:${TEAM}", "--requests", "3", "--output-tokens", "2", "--json", "--out", out],
        { TEAM: SECRET },
      );
      // The gated server answers GET /models with 401 without the header: the run would not start.
      expect(res.code, res.stderr).toBe(0);
      expect(res.seen.length).toBeGreaterThanOrEqual(3);
      for (const e of res.seen) expect(e.headers["x-team"]).toBe(SECRET);
      for (const f of filesUnder(out)) expect(readFileSync(f, "utf8"), f).not.toContain(SECRET);
      expect(res.stdout).not.toContain(SECRET);
      const runJson = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as { target: { headers?: string[] } };
      expect(runJson.target.headers).toEqual(["X-Team"]);
    });

    it("eval sends it too; without it the gated server refuses the start", async () => {
      const task = join(tmp, "gated.jsonl");
      writeFileSync(task, JSON.stringify({ id: "q", input: "say 1", target: "1" }));
      const ok = await run(
        gated,
        [
          "eval",
          "--task",
          task,
          "--scorer",
          "exact",
          "--header",
          "X-Team:$TEAM",
          "--no-cache",
          "--out",
          join(tmp, "header-eval"),
        ],
        { TEAM: SECRET },
      );
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.seen.map((e) => e.headers["x-team"])).toEqual([SECRET]);
      for (const f of filesUnder(join(tmp, "header-eval"))) expect(readFileSync(f, "utf8"), f).not.toContain(SECRET);
      const refused = await run(gated, [
        "eval",
        "--task",
        task,
        "--scorer",
        "exact",
        "--no-cache",
        "--out",
        join(tmp, "no-header"),
      ]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain("answered HTTP 401");
    });

    it("a run config's candidate headers: sent on every request, config.json keeps the ${VAR} reference only", async () => {
      const cfg = join(tmp, "headers.yaml");
      writeFileSync(
        cfg,
        "candidates:\n  - name: gw\n    target: ${MOCK_URL}\n    headers:\n      X-Team: ${TEAM}\n" +
          "load:\n  concurrency: [1]\n  requests: 4\n  input_tokens: 8\n  output_tokens: 2\n",
      );
      const out = join(tmp, "run-headers");
      const from = (await gated.log()).length;
      const res = await runCli(["run", cfg, "--out", out, "--json"], { MOCK_URL: gated.url, TEAM: SECRET });
      // 3: the run finished and the profile's gates were judged (a load-only run may miss them); 2 would be a refusal.
      expect([0, 3], res.stderr).toContain(res.code);
      expect(existsSync(join(out, "summary.json"))).toBe(true);
      const seen = (await gated.log()).slice(from);
      expect(seen.length).toBeGreaterThanOrEqual(4);
      for (const e of seen) expect(e.headers["x-team"]).toBe(SECRET);
      for (const f of filesUnder(out)) expect(readFileSync(f, "utf8"), f).not.toContain(SECRET);
      expect(res.stdout).not.toContain(SECRET);
      const config = JSON.parse(readFileSync(join(out, "config.json"), "utf8")) as {
        config: { candidates: Array<{ headers: Record<string, string> }> };
      };
      expect(config.config.candidates[0]?.headers).toEqual({ "X-Team": "${TEAM}" });
    });

    it("a value typed literally on the command line is redacted from run.json's command and every file", async () => {
      const out = join(tmp, "header-literal");
      const res = await run(gated, [
        "bench",
        "--header",
        `X-Team:${SECRET}`,
        "--requests",
        "2",
        "--output-tokens",
        "2",
        "--json",
        "--out",
        out,
      ]);
      expect(res.code, res.stderr).toBe(0);
      for (const e of res.seen) expect(e.headers["x-team"]).toBe(SECRET);
      for (const f of filesUnder(out)) expect(readFileSync(f, "utf8"), f).not.toContain(SECRET);
      const runJson = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as { command: string[] };
      expect(runJson.command).toContain("X-Team:[REDACTED]");
    });

    it("a variable that is not set is one clear error, before any request", async () => {
      const res = await run(gated, ["bench", "--header", "X-Team:$NOT_SET_ANYWHERE", "--out", join(tmp, "unset")]);
      expect(res.code).toBe(2);
      expect(res.stderr.trim()).toBe("infermark: --header X-Team: environment variable NOT_SET_ANYWHERE is not set");
      expect(res.seen).toHaveLength(0);
    });
  });

  it("all together: --dataset, --num-prompts, --max-concurrency, --header X-Team:$TEAM and --output-tokens dataset", async () => {
    const file = shareGpt(join(tmp, "together.json"));
    const out = join(tmp, "together");
    const res = await run(
      gated,
      [
        "bench",
        "--no-initial-request",
        "--dataset",
        file,
        "--num-prompts",
        "9",
        "--max-concurrency",
        "3",
        "--header",
        "X-Team:$TEAM",
        "--output-tokens",
        "dataset",
        "--json",
        "--out",
        out,
      ],
      { TEAM: SECRET },
    );
    expect(res.code, res.stderr).toBe(0);
    // --num-prompts 9: nine requests; --dataset: only its prompts; --output-tokens dataset: each its reply's length.
    expect(res.seen).toHaveLength(9);
    for (const e of res.seen) {
      expect(REPLY_WORDS[content(e)], content(e)).toBeDefined();
      expect(body(e).max_tokens, content(e)).toBe(REPLY_WORDS[content(e)]);
      expect(e.headers["x-team"]).toBe(SECRET);
    }
    // --max-concurrency 3 with no rate: a closed loop at 3, so the server held 3 requests at once at some point and never more.
    const events = res.seen.flatMap((e) => [
      { t: e.received, d: 1 },
      { t: e.lastToken ?? e.received, d: -1 },
    ]);
    events.sort((a, b) => a.t - b.t || a.d - b.d);
    let inFlight = 0;
    let most = 0;
    for (const ev of events) most = Math.max(most, (inFlight += ev.d));
    expect(most).toBe(3);
    const runJson = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as {
      schedule: { loads: Array<{ mode: string; value: number }> };
    };
    expect(runJson.schedule.loads).toEqual([{ mode: "concurrency", value: 3 }]);
    for (const f of filesUnder(out)) expect(readFileSync(f, "utf8"), f).not.toContain(SECRET);
  });
});
