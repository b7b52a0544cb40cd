import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "../../src/mock/sse-server.js";
import type { RequestRecord } from "../../src/records/record.js";
import { renderHtmlReport } from "../../src/report/html/html-report.js";
import { MAX_TRANSCRIPTS, reportInputFromRun } from "../../src/report/html/run-input.js";
import { summarizeBench } from "../../src/standards/efficiency/summarize.js";
import { benchHttp } from "../helpers/bench-run.js";

// Debian's chromium, as .ci/run installs it; INFERMARK_CHROMIUM points elsewhere.
const CHROMIUM = process.env.INFERMARK_CHROMIUM ?? "/usr/bin/chromium";
/** The stated bound on a report's size, whatever the run's length (docs/report.md). */
const MAX_REPORT_BYTES = 8 * 1024 * 1024;

let browser: Browser;
const out = mkdtempSync(join(tmpdir(), "infermark-html-"));

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `no browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set INFERMARK_CHROMIUM`,
    );
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** Opens a report file and collects the console errors and page errors it raises. */
async function open(file: string): Promise<{ page: Page; errors: string[]; ms: number }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  const t0 = performance.now();
  await page.goto(`file://${file}`, { waitUntil: "load" });
  await page.waitForSelector("#transcripts details");
  return { page, errors, ms: performance.now() - t0 };
}

describe("HTML report in a real browser", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ ttftMs: 5, itlMs: 1 });
  });
  afterAll(async () => {
    await mock?.close();
  });

  it("a bench run's report loads without errors, draws its charts and opens a transcript", async () => {
    const res = await benchHttp(
      mock.url,
      {
        kind: "levels",
        loads: [
          { mode: "concurrency", value: 1 },
          { mode: "concurrency", value: 4 },
        ],
      },
      { requests: 12, outputTokens: 8 },
    );
    const file = join(out, "bench.html");
    writeFileSync(file, renderHtmlReport(reportInputFromRun(res.outDir)));
    const { page, errors } = await open(file);
    expect(errors).toEqual([]);
    // TTFT, ITL and E2E CDFs plus the throughput-vs-latency curve (two levels).
    expect(await page.locator("#efficiency svg").count()).toBe(4);
    expect(await page.locator("#efficiency table tr").count()).toBe(3);
    const first = page.locator("#transcripts details").first();
    await first.locator("summary").click();
    const shownOutput = await first.locator("pre").nth(1).innerText();
    const record = res.records.find((r) => r.id === 0);
    expect(shownOutput).toBe(record?.text);
    const shot = join(out, "bench.png");
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    await page.close();
  }, 120_000);

  it("a 100,000-record run opens quickly and stays under the stated size", async () => {
    const dir = join(out, "big");
    mkdirSync(dir);
    const records: RequestRecord[] = [];
    for (let i = 0; i < 100_000; i++) {
      const t = i * 10;
      const r: RequestRecord = {
        schema: "infermark.record/1",
        id: i,
        level: 0,
        load: { mode: "concurrency", value: 64 },
        phase: "measure",
        item: i,
        request: {
          api: "chat",
          body: { messages: [{ role: "user", content: `question ${i} <b>bold?</b>` }], max_tokens: 4 },
        },
        t_intended: t,
        t_sent: t,
        t_first: t + 20 + (i % 50),
        t_last: t + 40 + (i % 50),
        t_end: t + 41 + (i % 50),
        chunks: [
          [t + 20 + (i % 50), 1],
          [t + 27 + (i % 50), 1],
          [t + 33 + (i % 50), 1],
          [t + 40 + (i % 50), 1],
        ],
        tokens: {
          input: 8,
          input_source: "usage",
          output: 4,
          output_source: "usage",
          output_usage: 4,
          output_tokenizer: null,
          output_chunks: 4,
          chunk_tokens: "usage_split",
          cached_input: null,
        },
        finish_reason: "length",
        text: `answer ${i} </script><img src=x onerror=alert(${i})>`,
        reasoning: "",
        error: null,
      };
      records.push(r);
    }
    writeFileSync(join(dir, "records.jsonl"), records.map((r) => JSON.stringify(r)).join("\n") + "\n");
    writeFileSync(
      join(dir, "run.json"),
      JSON.stringify({ schema: "infermark.run/1", kind: "bench", command: ["bench"] }),
    );
    writeFileSync(
      join(dir, "summary.json"),
      JSON.stringify(summarizeBench({ kind: "openai", base_url: "http://synthetic/v1", model: "m" }, records)),
    );
    const file = join(out, "big.html");
    const input = reportInputFromRun(dir);
    expect(input.transcripts?.shown.length).toBe(MAX_TRANSCRIPTS);
    writeFileSync(file, renderHtmlReport(input));
    expect(statSync(file).size).toBeLessThan(MAX_REPORT_BYTES);
    const { page, errors, ms } = await open(file);
    expect(errors).toEqual([]);
    expect(await page.locator("#transcripts details").count()).toBe(50);
    expect(await page.locator("#transcript-page").innerText()).toBe(
      `page 1 of ${MAX_TRANSCRIPTS / 50} (${MAX_TRANSCRIPTS} transcripts)`,
    );
    await page.locator("#transcript-next").click();
    expect(await page.locator("#transcripts details summary").first().innerText()).toBe("#50 level 0");
    // A generous sanity bound, not a benchmark: "opens within a few seconds" on a loaded 2-core machine.
    expect(ms).toBeLessThan(15_000);
    // The hostile output stayed text: no image element was created from it.
    expect(await page.locator("#transcripts img").count()).toBe(0);
    await page.close();
  }, 180_000);
});
