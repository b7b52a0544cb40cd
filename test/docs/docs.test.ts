// The user documentation read as a user reads it: no development-only context, every question of
// the index answered under its own heading, every relative link landing on a file and a heading,
// and metric names written in the form people search for.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/package-root.js";

const ROOT = packageRoot();
const DOCS = join(ROOT, "docs");

/** README.md and every docs/*.md, as absolute paths. */
const USER_DOCS = [
  join(ROOT, "README.md"),
  ...readdirSync(DOCS)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => join(DOCS, f)),
];

const read = (path: string): string => readFileSync(path, "utf8");
const name = (path: string): string => relative(ROOT, path);

/** The lines of a markdown text outside fenced code blocks, with their 1-based line numbers. */
function proseLines(text: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = [];
  let fence: string | null = null;
  text.split("\n").forEach((l, i) => {
    const m = /^\s*(```+|~~~+)/.exec(l);
    if (m?.[1] !== undefined) {
      if (fence === null) fence = m[1].slice(0, 3);
      else if (m[1].startsWith(fence)) fence = null;
      return;
    }
    if (fence === null) out.push({ line: i + 1, text: l });
  });
  return out;
}

/** GitHub's anchor for a heading: lower case, markup and punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** Headings (text after the #s) of a markdown text, outside code blocks. */
function headings(text: string): string[] {
  return proseLines(text)
    .map((l) => /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(l.text)?.[1])
    .filter((h): h is string => h !== undefined);
}

/** Every anchor a markdown text defines, with GitHub's -1, -2 … suffixes for repeated headings. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const h of headings(text)) {
    const base = slug(h);
    const count = seen.get(base) ?? 0;
    out.add(count === 0 ? base : `${base}-${count}`);
    seen.set(base, count + 1);
  }
  return out;
}

/** Markdown links `[text](target)` outside code, with their line numbers. */
function links(text: string): Array<{ line: number; target: string }> {
  const out: Array<{ line: number; target: string }> = [];
  for (const { line, text: l } of proseLines(text)) {
    const prose = l.replace(/`[^`]*`/g, "``");
    for (const m of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g))
      if (m[1] !== undefined) out.push({ line, target: m[1] });
  }
  return out;
}

/**
 * Things a user of the published package does not have: the machine infermark was developed on,
 * the repository's shared data folder, its test files, its issue tracker's numbering.
 */
const FORBIDDEN: Array<[RegExp, string]> = [
  [/\.\.\/shared|\bshared\/(datasets|models|reference)\b/, "the development data folder"],
  [/\/work\//, "a development path"],
  [/(^|[\s`(])test\/[\w.-]+\//, "a test folder"],
  [/\.test\.ts\b/, "a test file"],
  [/\bvitest\b/, "the test runner"],
  [/development machine|dev machine|\bthis machine\b|this project's/i, "the development machine"],
  [/\b2-core development|\bthe 2-core\b|shared with seven other/i, "the development machine's size"],
  [/\b24 ?GiB\b/, "the development machine's memory"],
  [/\bissue \d+|\bissue "|§\s?\d/i, "an internal issue reference"],
];

describe("the user docs hold no development-only context", () => {
  it("covers README.md and the docs folder", () => {
    expect(USER_DOCS.map(name)).toEqual(expect.arrayContaining(["README.md", "docs/README.md", "docs/metrics.md"]));
  });

  it("the forbidden patterns catch what they are meant to", () => {
    const caught = (s: string): boolean => FORBIDDEN.some(([re]) => re.test(s));
    for (const bad of [
      "see `../shared/datasets/gsm8k/test.jsonl`",
      "run `test/standards/compat.test.ts`",
      "(`test/runner/find-max.test.ts`)",
      "on the development machine at ≤ 20 req/s",
      "this machine's client overhead budget",
      "What changed (issue 9 §2)",
    ])
      expect(caught(bad), bad).toBe(true);
    for (const fine of ["--data data/gsm8k/test.jsonl", "gsm8k/test.jsonl", "test_output/x.jsonl", "the test command"])
      expect(caught(fine), fine).toBe(false);
  });

  for (const doc of USER_DOCS) {
    it(name(doc), () => {
      const hits = read(doc)
        .split("\n")
        .flatMap((l, i) =>
          FORBIDDEN.filter(([re]) => re.test(l)).map(([, why]) => `${name(doc)}:${i + 1}: ${why}: ${l}`),
        );
      expect(hits).toEqual([]);
    });
  }
});

describe("each doc opens with the questions it answers", () => {
  for (const doc of USER_DOCS.filter((d) => d.startsWith(DOCS) && !d.endsWith("README.md"))) {
    it(name(doc), () => {
      const lines = read(doc).split("\n");
      // Right under the title, before any section of reference.
      const firstSection = lines.findIndex((l, i) => i > 0 && /^#{1,6}\s/.test(l));
      const intro = lines.slice(1, firstSection === -1 ? undefined : firstSection);
      const at = intro.indexOf("Questions this page answers:");
      expect(at, `${name(doc)} has no "Questions this page answers:" list before its first section`).toBeGreaterThan(
        -1,
      );
      // The list runs to the first blank line after it; an item may wrap onto indented lines.
      const rest = intro.slice(at + 1);
      const start = rest.findIndex((l) => l.trim() !== "");
      const end = rest.findIndex((l, k) => k > start && l.trim() === "");
      const items = rest
        .slice(start, end === -1 ? undefined : end)
        .join("\n")
        .split(/\n(?=- )/)
        .map((i) => i.trim().replace(/\n\s+/g, " "))
        .filter((i) => i.startsWith("- "));
      expect(items.length, `${name(doc)} lists no question`).toBeGreaterThan(0);
      for (const item of items)
        expect(item, `${name(doc)}: a question that links to its section`).toMatch(/^- \[[^\]]+\?\]\(#[^)]+\)/);
    });
  }
});

/** The questions users come with; docs/README.md answers each under a heading of that wording. */
const FAQ = [
  "How is TPOT defined?",
  "How do I pass an API key?",
  "How do I send custom headers?",
  "How do I use my own data?",
  "What does saturated mean?",
  "Why is the achieved rate below the offered rate?",
  "How do I get pass@k?",
  "How do I compare two servers?",
  "How do I resume an interrupted run?",
  "Where do results go?",
];

describe("docs/README.md answers the common questions", () => {
  const indexPath = join(DOCS, "README.md");
  const index = existsSync(indexPath) ? read(indexPath) : "";

  it("has a heading for each question and lists each one with a link to it", () => {
    const hs = headings(index);
    for (const q of FAQ) {
      expect(hs, q).toContain(q);
      expect(index, `the question list links to "${q}"`).toContain(`](#${slug(q)})`);
    }
  });

  it("links each answer to the doc that covers it in full", () => {
    const lines = index.split("\n");
    for (const q of FAQ) {
      const start = lines.findIndex((l) => /^#{2,6}\s/.test(l) && l.replace(/^#+\s+/, "") === q);
      const end = lines.findIndex((l, i) => i > start && /^#{1,6}\s/.test(l));
      const body = lines.slice(start + 1, end === -1 ? undefined : end).join("\n");
      const out = links(body).filter((l) => !l.target.startsWith("#"));
      expect(out.length, `"${q}" links to no doc`).toBeGreaterThan(0);
    }
  });
});

describe("relative links resolve to a file and a heading", () => {
  it("the slug follows GitHub's rule", () => {
    // Worked by hand from GitHub's behaviour: lower case, punctuation and backticks dropped, spaces to hyphens.
    expect(slug("The run directory (`--out`)")).toBe("the-run-directory---out");
    expect(slug("OpenAI-compatible HTTP (`--target http(s)://host:port/v1`)")).toBe(
      "openai-compatible-http---target-httpshostportv1",
    );
    expect(slug("How do I get pass@k?")).toBe("how-do-i-get-passk");
    expect(slug("`infermark compare A B`")).toBe("infermark-compare-a-b");
    expect([...anchors("# A\n## Tasks\n```\n# not a heading\n```\n## Tasks\n")]).toEqual(["a", "tasks", "tasks-1"]);
  });

  for (const doc of USER_DOCS) {
    it(name(doc), () => {
      const broken: string[] = [];
      for (const { line, target } of links(read(doc))) {
        if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // http:, https:, mailto:
        const [path = "", anchor] = target.split("#");
        const file = path === "" ? doc : resolve(dirname(doc), decodeURIComponent(path));
        const where = `${name(doc)}:${line}: ${target}`;
        if (!existsSync(file)) {
          broken.push(`${where}: no such file`);
          continue;
        }
        if (anchor !== undefined && !(file.endsWith(".md") && anchors(read(file)).has(anchor)))
          broken.push(`${where}: no heading with anchor #${anchor}`);
      }
      expect(broken).toEqual([]);
    });
  }
});

/** Each metric as people search for it, its JSON key, and the doc that defines it. */
const METRICS: Array<{ term: string; key: string; doc: string }> = [
  { term: "TTFT", key: "ttft", doc: "metrics.md" },
  { term: "TPOT", key: "tpot", doc: "metrics.md" },
  { term: "ITL", key: "itl", doc: "metrics.md" },
  { term: "ICL", key: "icl", doc: "metrics.md" },
  { term: "E2E", key: "e2e", doc: "metrics.md" },
  { term: "Goodput", key: "goodput", doc: "load.md" },
  { term: "Saturated", key: "saturated", doc: "load.md" },
  { term: "pass@k", key: "pass_at_k", doc: "eval.md" },
  { term: "maj@k", key: "maj_at_k", doc: "eval.md" },
  { term: "throughput", key: "output_tokens_per_s", doc: "metrics.md" },
  { term: "schedule lag", key: "schedule_lag", doc: "metrics.md" },
  { term: "worst case", key: "worst_case", doc: "robustness.md" },
  { term: "flip rate", key: "flip_rate", doc: "robustness.md" },
  { term: "drop rate", key: "drop_rate", doc: "robustness.md" },
];

describe("metric names are written as users search for them", () => {
  for (const { term, key, doc } of METRICS) {
    it(`${term} (\`${key}\`) in docs/${doc}`, () => {
      const text = read(join(DOCS, doc));
      // The name as typed, case and all, in a heading or the first two cells of a table row …
      const named = proseLines(text).some(({ text: l }) => {
        if (/^#{1,6}\s/.test(l)) return l.includes(term);
        return l.startsWith("|") && l.split("|").slice(1, 3).join("|").includes(term);
      });
      expect(named, `docs/${doc} names ${term} in no heading or table row`).toBe(true);
      // … and the JSON key beside it, so a search for either finds the definition.
      const keyed = proseLines(text).some(({ text: l }) => l.includes(term) && l.includes(`\`${key}\``));
      expect(keyed, `docs/${doc} shows ${term} next to \`${key}\` on no line`).toBe(true);
    });
  }
});
