import { Linter } from "eslint";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { layersRule } from "../../eslint/layers.js";

const root = resolve(import.meta.dirname, "../..");

function lint(file: string, code: string): string[] {
  const linter = new Linter({ cwd: root });
  const config = [
    {
      files: ["**/*.ts"],
      languageOptions: { ecmaVersion: 2022, sourceType: "module" },
      plugins: { infermark: { rules: { layers: layersRule } } },
      rules: { "infermark/layers": "error" },
    },
  ] as Linter.Config[];
  return linter.verify(code, config, { filename: resolve(root, file) }).map((m) => m.message);
}

describe("layers lint rule", () => {
  it("rejects an import that goes up the pipeline", () => {
    const msgs = lint("src/stats/x.ts", 'import { runCli } from "../cli/main.js";\n');
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toContain("stats/ may not import cli/");
  });
  it("rejects a re-export and a dynamic import that go up", () => {
    expect(lint("src/records/x.ts", 'export { x } from "../targets/openai.js";\n')).toHaveLength(1);
    expect(lint("src/standards/accuracy/x.ts", 'await import("../../workloads/tasks/task.js");\n')).toHaveLength(1);
  });
  it("allows imports down the pipeline, within a folder, of base files and of packages", () => {
    const code = [
      'import "../../records/record.js";',
      'import "../../stats/rng.js";',
      'import "./bleu.js";',
      'import "../../errors.js";',
      'import "zod";',
    ].join("\n");
    expect(lint("src/standards/accuracy/x.ts", code)).toEqual([]);
  });
  it("names a folder missing from the table", () => {
    expect(lint("src/newstage/x.ts", 'import "../stats/rng.js";\n')[0]).toContain("not in the layer table");
  });
  it("does not apply outside src/", () => {
    expect(lint("test/x.ts", 'import "../src/cli/main.js";\n')).toEqual([]);
  });
});
