import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ResponseCache } from "../../src/runner/response-cache.js";
import { makeRecord } from "../helpers/records.js";

const OLD = "sk-OLD-SECRET-KEY-123";
const filesHold = (dir: string, s: string): boolean =>
  readdirSync(dir).some((f) => readFileSync(join(dir, f)).toString("latin1").includes(s));

describe("response cache and secrets", () => {
  it("stores answers with the key redacted, and serves them redacted", () => {
    const dir = mkdtempSync(join(tmpdir(), "infermark-cache-"));
    const cache = new ResponseCache(dir, [OLD]);
    cache.put("k", makeRecord([[1, 1]], { text: `the key is ${OLD}` }));
    expect(cache.get("k")?.answer.text).toBe("the key is [REDACTED]");
    cache.close();
    expect(filesHold(dir, OLD)).toBe(false);
  });

  it("drops the plain-text table of earlier versions, leaving no old bytes in the file", () => {
    const dir = mkdtempSync(join(tmpdir(), "infermark-cache-"));
    const db = new Database(join(dir, "responses.sqlite"));
    db.pragma("journal_mode = WAL");
    db.exec("CREATE TABLE responses (key TEXT PRIMARY KEY, value TEXT NOT NULL, created_at TEXT NOT NULL)");
    const insert = db.prepare("INSERT INTO responses VALUES (?, ?, ?)");
    for (let i = 0; i < 100; i++) insert.run(`k${i}`, JSON.stringify({ text: `old answer with ${OLD} ${i}` }), "then");
    db.close();
    expect(filesHold(dir, OLD)).toBe(true);
    new ResponseCache(dir).close();
    expect(filesHold(dir, OLD)).toBe(false);
  });
});
