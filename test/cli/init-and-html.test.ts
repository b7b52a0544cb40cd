import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnMockServer, type SpawnedMockServer } from "../../src/mock/spawn.js";
import { loadRunConfig } from "../../src/runner/run-config.js";
import { runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "infermark-init-"));

describe("infermark init", () => {
  it("writes a starter config that loads, and will not overwrite it without --force", async () => {
    const file = join(dir, "eval.yaml");
    const a = await runCli(["init", file, "--preset", "realtime-translation"]);
    expect(a.code).toBe(0);
    expect(loadRunConfig(file, {}).profile.name).toBe("realtime-translation");
    const b = await runCli(["init", file]);
    expect(b.code).toBe(2);
    expect(b.stderr.trim()).toBe(`infermark: ${file} already exists; pass --force to overwrite it`);
    expect((await runCli(["init", file, "--force"])).code).toBe(0);
    expect(loadRunConfig(file, {}).profile.name).toBe("chatbot");
  });
});

describe("report --html", () => {
  let mock: SpawnedMockServer;
  beforeAll(async () => {
    mock = await spawnMockServer(["--ttft", "5", "--itl", "1"]);
  });
  afterAll(async () => {
    await mock?.close();
  });
  it("writes a self-contained report of a bench run beside the usual table", async () => {
    const out = join(dir, "run");
    const b = await runCli([
      "bench",
      "--target",
      mock.url,
      "--concurrency",
      "1,2",
      "--requests",
      "6",
      "--output-tokens",
      "8",
      "--out",
      out,
    ]);
    expect(b.code).toBe(0);
    const html = join(dir, "r.html");
    const r = await runCli(["report", out, "--html", html]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("TTFT");
    expect(r.stderr).toContain(`HTML report written to ${html}`);
    const page = readFileSync(html, "utf8");
    expect(page.startsWith("<!doctype html>")).toBe(true);
    expect(page.match(/<svg/g)?.length).toBe(4);
    // No network needed to open it: nothing is loaded from elsewhere.
    expect(page).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?https?:/);
  });
  it("says in one line when the file cannot be written", async () => {
    const r = await runCli(["report", join(dir, "run"), "--html", join(dir, "no", "such", "dir", "r.html")]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n").pop()).toMatch(/^infermark: cannot write .*r\.html: ENOENT$/);
    expect(existsSync(join(dir, "no"))).toBe(false);
  });
});
