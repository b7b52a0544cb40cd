// Scoring throughput of `infermark score` on 10,000 rows: numeric match and corpus BLEU (with its
// 1,000-resample bootstrap CI). The baseline, measured in the same run, is reading and parsing the
// same JSONL file and nothing else, so the ratio says what scoring costs on top of the I/O floor.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { aggregateMetric } from "../src/standards/accuracy/aggregate.js";
import { scoreSamples } from "../src/standards/accuracy/score-rows.js";
import { createRng } from "../src/stats/rng.js";
import { readJsonlObjects } from "../src/workloads/jsonl-file.js";

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const WORDS = "the a cat dog sat on mat ran fast slow big small red blue house tree river stone light dark".split(" ");

function sentence(rng: () => number, n: number): string {
  return Array.from({ length: n }, () => WORDS[Math.floor(rng() * WORDS.length)]).join(" ") + ".";
}

function time(f: () => void): number {
  const t0 = performance.now();
  f();
  return (performance.now() - t0) / 1000;
}

const dir = mkdtempSync(join(tmpdir(), "infermark-score-bench-"));
const rng = createRng(42);
const numeric = join(dir, "numeric.jsonl");
const bleu = join(dir, "bleu.jsonl");
writeFileSync(
  numeric,
  Array.from({ length: ROWS }, (_, i) =>
    JSON.stringify({
      prediction: `Let me think. ${sentence(rng, 30)} The answer is ${i % 7 === 0 ? i + 1 : i}.`,
      target: i,
    }),
  ).join("\n") + "\n",
);
writeFileSync(
  bleu,
  Array.from({ length: ROWS }, () => JSON.stringify({ prediction: sentence(rng, 25), target: sentence(rng, 25) })).join(
    "\n",
  ) + "\n",
);

const parseOnly = (path: string): number =>
  time(() =>
    readFileSync(path, "utf8")
      .split("\n")
      .filter(Boolean)
      .forEach((l) => void JSON.parse(l)),
  );
const score = (path: string, metric: string): number =>
  time(() => aggregateMetric(metric, scoreSamples(readJsonlObjects(path), "auto", metric), 0));

// One untimed pass each, so the JIT has seen every path.
parseOnly(numeric);
score(numeric, "numeric");
const rows: Array<[string, number, number]> = [];
for (const [path, metric] of [
  [numeric, "numeric"],
  [bleu, "bleu"],
] as const) {
  const base = Math.min(parseOnly(path), parseOnly(path), parseOnly(path));
  const s = Math.min(score(path, metric), score(path, metric), score(path, metric));
  rows.push([metric, ROWS / s, ROWS / base]);
}
console.log(`score throughput, ${ROWS} rows (best of 3)`);
console.log("| metric | rows/s scored | rows/s parse only (baseline) | ratio |");
console.log("|---|---|---|---|");
for (const [m, s, b] of rows) console.log(`| ${m} | ${s.toFixed(0)} | ${b.toFixed(0)} | ${(s / b).toFixed(3)} |`);
console.log(
  JSON.stringify({
    bench: "score-throughput",
    rows: ROWS,
    results: rows.map(([metric, scored, baseline]) => ({ metric, rows_per_s: scored, baseline_rows_per_s: baseline })),
  }),
);
