import {
  loadLabel,
  type BenchCompareResult,
  type LevelComparison,
  type PercentileComparison,
  type SideBySide,
} from "../standards/efficiency/compare-bench.js";
import { wrap } from "./wrap.js";

/** Milliseconds and rates with as many decimals as their size leaves room for, so a row stays within 80 columns. */
function num(x: number): string {
  const a = Math.abs(x);
  return x.toFixed(a >= 1000 ? 0 : a >= 10 ? 1 : 2);
}

/** Rows of cells laid out with each column padded to its widest cell. */
function columns(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) =>
    ("  " + r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i] ?? 0) : c)).join("  ")).trimEnd(),
  );
}

const VERDICT: Record<NonNullable<PercentileComparison["verdict"]>, string> = {
  faster: "faster",
  slower: "slower",
  no_significant_difference: "n.s.",
};

function latencyRow(c: PercentileComparison): string[] {
  const label = `${c.metric} ${c.stat}`;
  const side = (x: number | null): string => (x === null ? "n/a" : num(x));
  // The reason is the level's note: one line per metric, not one per percentile.
  if (c.difference === null) return [label, `A ${side(c.a)}`, `B ${side(c.b)}`, "n/a"];
  return [
    label,
    `A ${side(c.a)}`,
    `B ${side(c.b)}`,
    `Δ ${num(c.difference)}`,
    `[${num(c.ci95[0])}, ${num(c.ci95[1])}] ms`,
    VERDICT[c.verdict],
  ];
}

function sideRow(label: string, s: SideBySide, digits = (x: number): string => num(x)): string[] {
  return [label, `A ${digits(s.a)}`, `B ${digits(s.b)}`, s.ratio === null ? "B/A n/a" : `B/A ${s.ratio.toFixed(2)}`];
}

function overallText(l: LevelComparison): string {
  const judged = l.latency.filter((c) => c.verdict !== null).length;
  const { faster, slower } = l.verdict;
  switch (l.verdict.overall) {
    case "faster":
      return `B faster (${faster.length} of ${judged} percentiles, none slower)`;
    case "slower":
      return `B slower (${slower.length} of ${judged} percentiles, none faster)`;
    case "mixed":
      return `mixed: B faster on ${faster.length}, slower on ${slower.length} of ${judged} percentiles`;
    case "no_significant_difference":
      return `no significant difference (${judged} percentiles)`;
    case "not_comparable":
      return "not comparable (too few successful requests)";
  }
}

function levelBlock(l: LevelComparison): string[] {
  const head = `${loadLabel(l.load)} (A level ${l.levels.a}, B level ${l.levels.b}): ${overallText(l)}`;
  const n = l.latency
    .filter((c) => c.stat === "p50")
    .map((c) => `${c.metric} ${c.n.a}/${c.n.b}`)
    .join("  ");
  const rows: string[][] = [["n A/B", n]];
  const latency = columns(l.latency.map(latencyRow));
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  const side = [
    sideRow("out tok/s", l.throughput.output_tokens_per_s),
    sideRow("req/s", l.throughput.requests_per_s),
    ...(l.goodput.applicable
      ? [sideRow("goodput/s", l.goodput.requests_per_s), sideRow("goodput %", l.goodput.fraction, pct)]
      : []),
  ];
  return [
    ...wrap(head, "", "  "),
    ...columns(rows),
    ...latency,
    ...columns(side),
    ...(l.goodput.applicable ? [] : wrap(`goodput n/a: ${l.goodput.reason}`, "  ")),
    ...l.notes.flatMap((note) => wrap(`note: ${note}`, "  ")),
  ];
}

/**
 * Renders a comparison of two bench runs in 80 columns: one block per matched level (a line per
 * latency percentile, then throughput and goodput side by side), then the levels only one run has.
 */
export function renderCompareBench(c: BenchCompareResult): string {
  const out = [
    `A ${c.a}`,
    `B ${c.b}`,
    ...wrap(
      `Δ = B − A. 95% CI: ${c.method.ci} (${c.method.resamples} resamples, seed ${c.method.seed}). ` +
        "faster/slower: the CI excludes 0; n.s.: no significant difference. " +
        "Throughput and goodput are one measurement per run (no CI).",
      "",
      "",
    ),
  ];
  for (const l of c.levels) out.push("", ...levelBlock(l));
  const only = (side: "A" | "B", list: BenchCompareResult["unmatched"]["only_in_a"]): string[] =>
    list.length === 0
      ? []
      : wrap(
          `only in ${side} (unmatched): ${list.map((u) => `${loadLabel(u.load)} (level ${u.level})`).join(", ")}`,
          "",
        );
  const unmatched = [...only("A", c.unmatched.only_in_a), ...only("B", c.unmatched.only_in_b)];
  if (unmatched.length > 0) out.push("", ...unmatched);
  if (c.levels.length === 0) out.push("", "no level of A has the load of a level of B: nothing is compared");
  return out.join("\n") + "\n";
}
