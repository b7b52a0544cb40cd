import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { loadRunConfig } from "../../src/runner/run-config.js";
import { starterConfig } from "../../src/runner/run-config-starter.js";

const dir = mkdtempSync(join(tmpdir(), "infermark-config-"));
let n = 0;
function file(text: string): string {
  const p = join(dir, `c${n++}.yaml`);
  writeFileSync(p, text);
  return p;
}
const MIN = "candidates:\n  - name: a\n    target: http://127.0.0.1:1/v1\nload:\n  concurrency: [1]\n";

describe("run config", () => {
  it("reads a minimal file with the documented defaults", () => {
    const c = loadRunConfig(file(MIN), {});
    expect(c.profile.name).toBe("chatbot");
    expect(c.load).toEqual({ concurrency: [1], requests: 50, input_tokens: 128, output_tokens: 64, warmup: 0 });
    expect(c.candidates).toEqual([{ name: "a", target: "http://127.0.0.1:1/v1", params: {}, pricing: null }]);
  });
  it("interpolates environment variables, with defaults, and keeps keys out of what is written back", () => {
    const p = file(
      "candidates:\n  - name: a\n    target: ${HOST:-http://localhost:9/v1}\n    api_key: ${KEY}\n  - name: b\n    target: http://x/v1\n    api_key: sk-literal\nload:\n  concurrency: [1]\n",
    );
    const c = loadRunConfig(p, { KEY: "sk-secret" });
    expect(c.candidates[0]).toMatchObject({ target: "http://localhost:9/v1", apiKey: "sk-secret" });
    const written = JSON.stringify(c.asWritten);
    expect(written).toContain("${KEY}");
    expect(written).not.toContain("sk-secret");
    expect(written).not.toContain("sk-literal");
  });
  it("names file, line and field for an unset variable", () => {
    const p = file("candidates:\n  - name: a\n    target: ${NOPE}\nload:\n  concurrency: [1]\n");
    expect(() => loadRunConfig(p, {})).toThrow(`${p}:3: candidates.0.target: environment variable NOPE is not set`);
  });
  it("names file, line and field for a schema problem", () => {
    const p = file("candidates:\n  - name: a\n    target: http://x/v1\n    temprature: 0\nload:\n  concurrency: [1]\n");
    expect(() => loadRunConfig(p, {})).toThrow(
      new RegExp(`^${p.replace(/[.]/g, "\\.")}:2: candidates\\.0: Unrecognized key`),
    );
    const q = file("candidates:\n  - name: a\n    target: http://x/v1\nload:\n  concurrency: [0]\n");
    expect(() => loadRunConfig(q, {})).toThrow(`${q}:5: load.concurrency.0:`);
  });
  it("refuses duplicate candidate names, unknown profiles, bad gates and bad perturbations, each on its line", () => {
    expect(() =>
      loadRunConfig(
        file(
          "candidates:\n  - {name: a, target: http://x/v1}\n  - {name: a, target: http://y/v1}\nload: {concurrency: [1]}\n",
        ),
        {},
      ),
    ).toThrow(/candidate names must be unique/);
    expect(() => loadRunConfig(file(`profile: chat\n${MIN}`), {})).toThrow(
      /:1: profile: unknown profile "chat"; presets: chatbot/,
    );
    expect(() =>
      loadRunConfig(file(`profile:\n  extends: chatbot\n  gates: ["ttft.p95 <= 300 ms", "fast"]\n${MIN}`), {}),
    ).toThrow(/:3: profile\.gates\.1: gate "fast"/);
    expect(() => loadRunConfig(file(`perturb: [typo:2]\n${MIN}`), {})).toThrow(/:1: perturb\.0: /);
  });
  it("refuses a config with nothing to run", () => {
    expect(() => loadRunConfig(file("candidates:\n  - {name: a, target: http://x/v1}\n"), {})).toThrow(UserError);
  });
  it("overrides a preset's gates and weights", () => {
    const c = loadRunConfig(
      file(
        `profile:\n  extends: realtime-translation\n  gates: ["ttft.p95 <= 200 ms"]\n  weights: {accuracy: 1}\n${MIN}`,
      ),
      {},
    );
    expect(c.profile.gates.map((g) => [g.metric, g.threshold])).toEqual([["ttft.p95", 200]]);
    expect(c.profile.weights).toEqual({ accuracy: 1, robustness: 0.1, usability: 0.1, efficiency: 0.5 });
  });
  it("writes a starter file that loads as written, for every preset", () => {
    for (const preset of ["chatbot", "realtime-translation", "code-assistant", "batch-summarization", "rag-qa"]) {
      const c = loadRunConfig(file(starterConfig(preset)), {});
      expect(c.profile.name).toBe(preset);
      expect(c.candidates.map((x) => [x.name, x.target])).toEqual([
        ["bundled", undefined],
        ["server", "http://127.0.0.1:8000/v1"],
      ]);
      expect(c.perturb).toEqual(["typo:0.1", "lowercase"]);
    }
  });
});
