import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { GenerationRequest } from "../../src/records/protocol.js";
import { ResponseCache } from "../../src/runner/response-cache.js";

const identity = { kind: "openai", base_url: "http://127.0.0.1:1/v1", model: "m" };
const req: GenerationRequest = {
  id: "r",
  messages: [{ role: "user", content: "Q" }],
  maxTokens: 8,
  ignoreEos: false,
  params: { seed: 4 },
};

describe("the response cache key and variants", () => {
  it("an original request keeps the key answers were stored under before variants existed", () => {
    // The key as defined before variants: sha256 of {v: 2, identity, body, sample}.
    const body = { messages: req.messages, prompt: null, max_tokens: 8, ignore_eos: false, params: { seed: 4 } };
    const before = createHash("sha256")
      .update(JSON.stringify({ v: 2, identity, body, sample: 1 }))
      .digest("hex");
    expect(ResponseCache.key(identity, req, 1)).toBe(before);
    expect(ResponseCache.key(identity, req, 1, null)).toBe(before);
  });

  it("a variant sending the very same text is a draw of its own: its key differs from the original's and from other variants'", () => {
    const keys = [
      ResponseCache.key(identity, req, 1),
      ResponseCache.key(identity, req, 1, { name: "case", seed: 0 }),
      ResponseCache.key(identity, req, 1, { name: "case", seed: 1 }),
      ResponseCache.key(identity, req, 1, { name: "typos", seed: 0 }),
    ];
    expect(new Set(keys).size).toBe(4);
  });
});
