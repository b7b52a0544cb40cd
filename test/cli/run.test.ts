import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnMockServer, type SpawnedMockServer } from "../../src/mock/spawn.js";
import type { ChoiceSummary } from "../../src/runner/run-session.js";
import { runCli, SHARED, SHARED_MODEL } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "infermark-run-"));
const CHROMIUM = process.env.INFERMARK_CHROMIUM ?? "/usr/bin/chromium";

describe("infermark run over two candidates (the embedded engine and a server in another process)", () => {
  let mock: SpawnedMockServer;
  beforeAll(async () => {
    mock = await spawnMockServer(["--ttft", "5", "--itl", "1"]);
  });
  afterAll(async () => {
    await mock?.close();
  });

  it("measures all four standards for both, decides, writes summary.json and report.html, and resumes", async () => {
    const cfg = join(dir, "eval.yaml");
    writeFileSync(
      cfg,
      `profile:
  extends: chatbot
  gates: ["ttft.p95 <= 10 s", "accuracy >= 0"]
candidates:
  - name: engine
    target: llama:${SHARED_MODEL}
  - name: server
    target: \${MOCK_URL}
    pricing: { usd_per_hour: 2 }
tasks:
  - task: gsm8k
    data: ${join(SHARED, "datasets", "gsm8k", "test.jsonl")}
    limit: 4
    max_tokens: 16
perturb: [typo:0.1, lowercase]
usability: [repetition]
load:
  concurrency: [1, 2]
  requests: 80
  input_tokens: 32
  output_tokens: 8
`,
    );
    const out = join(dir, "choose");
    const r = await runCli(["run", cfg, "--out", out, "--json"], { MOCK_URL: mock.url });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as ChoiceSummary;
    expect(s.candidates.map((c) => c.name)).toEqual(["engine", "server"]);
    for (const c of s.candidates) {
      // Accuracy, robustness, usability and efficiency, each measured for each candidate.
      expect(c.metrics.accuracy?.n).toBe(4);
      expect(c.metrics["robustness.worst_case"]?.n).toBe(4);
      expect(c.metrics["repetition.seq_rep_4"]?.n).toBe(4);
      expect(c.metrics["ttft.p95"]?.n).toBe(80);
      // 80 requests bound a p95 from both sides (0.95^80 < 2.5 %).
      expect(c.metrics["ttft.p95"]?.ci95?.every((x) => x !== null)).toBe(true);
      expect(c.level).toBe(1);
      // The quality stage's requests were timed too: 4 items × (original + 2 perturbations).
      expect(c.metrics["quality.ttft.p50"]?.n).toBe(12);
      expect(c.metrics["quality.e2e.p95"]?.n).toBe(12);
    }
    // Cost only where a price was given: $2/h over the server's completed requests per second.
    const server = s.candidates[1];
    const rps = server?.metrics["throughput.requests_per_s"]?.value ?? NaN;
    expect(server?.metrics.cost_per_1k_requests?.value).toBeCloseTo((1000 * 2) / 3600 / rps, 9);
    expect(s.candidates[0]?.metrics.cost_per_1k_requests).toBeUndefined();
    expect(s.scorecard.rows.map((x) => x.status)).toEqual(["pass", "pass"]);
    expect(s.recommendation).toMatch(/meets every gate of chatbot \(custom\) and ranks first of the 2 that do\.$/);
    expect(existsSync(join(out, "report.html"))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8"))).toEqual(s);
    // A second run finds every stage done and asks nothing again.
    const before = (await mock.log()).length;
    const again = await runCli(["run", cfg, "--out", out], { MOCK_URL: mock.url });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("server: resuming task gsm8k");
    expect(again.stderr).toContain("server: load stage already done");
    expect((await mock.log()).length).toBe(before);
    expect(again.stdout).toContain("scorecard — profile chatbot (custom)");

    // The report in a real browser: it loads cleanly, draws its charts and shows both candidates.
    if (!existsSync(CHROMIUM))
      throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium or set INFERMARK_CHROMIUM`);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      await page.goto(`file://${join(out, "report.html")}`);
      await page.waitForSelector("#transcripts details");
      expect(errors).toEqual([]);
      expect(await page.locator("section.candidate h1").allInnerTexts()).toEqual([
        "Candidate engine",
        "Candidate server",
      ]);
      expect(await page.locator("#scorecard svg").count()).toBe(1);
      expect(await page.locator("section.candidate svg").count()).toBeGreaterThanOrEqual(2 * 4);
      await page.screenshot({ path: join(dir, "run-report.png"), fullPage: true });
    } finally {
      await browser.close();
    }
  }, 300_000);

  it("exits 3 when no candidate meets every hard gate", async () => {
    const cfg = join(dir, "strict.yaml");
    writeFileSync(
      cfg,
      `profile:\n  extends: chatbot\n  gates: ["ttft.p95 <= 0.001 ms"]\ncandidates:\n  - name: server\n    target: \${MOCK_URL}\nload:\n  concurrency: [1]\n  requests: 80\n  input_tokens: 16\n  output_tokens: 4\n`,
    );
    const r = await runCli(["run", cfg, "--out", join(dir, "strict")], { MOCK_URL: mock.url });
    expect(r.code).toBe(3);
    // Prose wraps at 80 columns: read it as one text.
    expect(r.stdout.replace(/\n +/g, " ")).toMatch(
      /No candidate meets every gate of chatbot \(custom\); server misses ttft\.p95 by [\d.]+ ms\./,
    );
  }, 120_000);
});

describe("npx infermark run with no arguments", () => {
  it("runs every standard on the bundled model, offline, and writes the report", async () => {
    const out = join(dir, "default");
    const t0 = performance.now();
    const r = await runCli(["run", "--out", out, "--json"], { INFERMARK_MODEL: "", HF_ENDPOINT: "http://127.0.0.1:9" });
    const s = (performance.now() - t0) / 1000;
    expect(r.code === 0 || r.code === 3).toBe(true);
    const summary = JSON.parse(r.stdout) as ChoiceSummary;
    const m = summary.candidates[0]?.metrics ?? {};
    for (const k of ["accuracy", "robustness.worst_case", "repetition.seq_rep_4", "ttft.p95"])
      expect(m[k], k).toBeDefined();
    const html = readFileSync(join(out, "report.html"), "utf8");
    for (const id of ["accuracy", "robustness", "usability", "efficiency"])
      expect(html).toContain(`<section id="c1-${id}"><h2>`); // the one candidate's sections
    expect(html).not.toContain("Not measured in this run");
    // The bound is 5 minutes on this machine; a generous sanity check, not a benchmark.
    expect(s).toBeLessThan(300);
  }, 330_000);
});
