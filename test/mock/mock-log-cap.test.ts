import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "../../src/mock/sse-server.js";

describe("the mock server's request log", () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ ttftMs: 0, itlMs: 0, defaultTokens: 1, logCap: 10 });
  });
  afterAll(() => server.close());

  it("keeps the most recent requests up to its cap plus a tenth, and counts the ones it left out", async () => {
    for (let i = 0; i < 23; i++) {
      const res = await fetch(`${server.url}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-request-id": `r${i}` },
        body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }], max_tokens: 1 }),
      });
      await res.text();
    }
    // Past 11 entries (10 · 1.1) it drops back to 10, so every second request drops two: 23 leave r12–r22.
    const res = await fetch(`${server.url}/_mock/log`);
    const log = (await res.json()) as Array<{ id: string }>;
    expect(log.map((e) => e.id)).toEqual(Array.from({ length: 11 }, (_, k) => `r${12 + k}`));
    expect(res.headers.get("x-mock-log-dropped")).toBe("12");
  });
});
