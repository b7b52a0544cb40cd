import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FOREIGN_FLAGS } from "../../src/cli/foreign-flags.js";
import { packageRoot } from "../../src/package-root.js";
import { AUTO_WORKERS_RULE } from "../../src/runner/auto-workers.js";
import { PRESETS } from "../../src/workloads/tasks/presets.js";
import { runCli } from "../helpers/cli.js";

// --help and docs/cli.md from one source: what help says is what the docs say, every flag the docs
// name exists, and no help line shows a collector's empty default.

const COMMANDS = ["run", "bench", "eval", "report", "import", "calibrate", "score", "compare", "init", "mock-server"];
const CLI_DOC = readFileSync(join(packageRoot(), "docs", "cli.md"), "utf8");
/** Help text with its wrapping undone, so a phrase split over two lines is found. */
const flat = (s: string): string => s.replace(/\s+/g, " ");
/** The flags a help text lists as options (their own line, not mentioned in another's text). */
const listed = (help: string): Set<string> =>
  new Set([...help.matchAll(/^\s{2}(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]!.replace(/^--no-/, "--")));

describe("infermark --help of every command", () => {
  const help = new Map<string, string>();
  beforeAll(async () => {
    const results = await Promise.all(COMMANDS.map((c) => runCli([c, "--help"])));
    results.forEach((r, i) => {
      expect(r.code, COMMANDS[i]).toBe(0);
      help.set(COMMANDS[i]!, r.stdout);
    });
  });

  it("shows no empty collector default: no (default: {}) or (default: [])", () => {
    for (const [c, text] of help) {
      expect(text, c).not.toContain("(default: {})");
      expect(text, c).not.toContain("(default: [])");
      expect(text.length, c).toBeGreaterThan(100);
    }
  });

  it("eval --task lists every preset and the built-in starter task", () => {
    const task = flat(help.get("eval") ?? "").match(/--task <name\|file> (.*?) --data/)?.[1] ?? "";
    for (const name of [...PRESETS, "starter"]) expect(task, name).toContain(name);
    expect(PRESETS).toContain("humaneval");
  });

  it("--find-max takes [rate|concurrency] in help and in docs/cli.md", () => {
    expect(help.get("bench")).toContain("--find-max [rate|concurrency]");
    expect(CLI_DOC).toContain("`--find-max [rate\\|concurrency]`");
  });

  it("--workers auto is described by the same rule in help and docs/cli.md", () => {
    expect(flat(help.get("bench") ?? "")).toContain(`auto: ${AUTO_WORKERS_RULE}`);
    const row = CLI_DOC.split("\n").find((l) => l.startsWith("| `--workers`")) ?? "";
    expect(row).toContain(AUTO_WORKERS_RULE);
  });

  it("aliases are accepted but not listed: --help shows each idea once", () => {
    expect(listed(help.get("bench") ?? "").has("--data")).toBe(true);
    expect(listed(help.get("eval") ?? "").has("--output-tokens")).toBe(true);
    for (const f of FOREIGN_FLAGS)
      for (const c of f.commands) expect(listed(help.get(c) ?? "").has(f.flag), `${c} ${f.flag}`).toBe(false);
  });

  it("every flag docs/cli.md names exists in some command's --help or in the table of flags from other tools", () => {
    const known = new Set([...help.values()].flatMap((h) => [...listed(h)]));
    for (const f of FOREIGN_FLAGS) known.add(f.flag);
    known.add("--help");
    known.add("--version");
    const named = [...CLI_DOC.matchAll(/`(--[a-z][\w-]*)/g)].map((m) => m[1]!.replace(/^--no-/, "--"));
    expect(named.length).toBeGreaterThan(30);
    expect([...new Set(named)].filter((f) => !known.has(f))).toEqual([]);
  });

  it("docs/cli.md lists every flag from other tools with its origin and the infermark flag it becomes", () => {
    const rows = CLI_DOC.split("\n").filter((l) => l.startsWith("| `--"));
    for (const f of FOREIGN_FLAGS) {
      const row = rows.find((r) => r.startsWith(`| \`${f.flag}\` |`));
      expect(row, f.flag).toBeDefined();
      expect(row, f.flag).toContain(f.from);
      expect(row, f.flag).toContain(f.use);
    }
  });
});
