import Table from "cli-table3";
import type { LevelCut, PlannedSpan } from "../standards/efficiency/level-cut.js";
import { renderLevelsTable } from "./levels-table.js";
import { targetLine } from "./target-line.js";
import { wrap } from "./wrap.js";
import { runWarnings } from "../standards/efficiency/run-warnings.js";
import { LATENCY_METRICS } from "../standards/efficiency/latency-metrics.js";
import { promptLengths, type PromptLengths } from "../standards/efficiency/prompt-lengths.js";
import type { BenchSummary, Goodput, LevelSummary } from "../standards/efficiency/summarize.js";
import type { RequestRecord } from "../records/record.js";

const fmt = (x: number | null, digits = 2): string => (x === null ? "—" : x.toFixed(digits));
/** Milliseconds to two decimals, fewer from a second up: a row of five long latencies still fits 80 columns. */
const fmtMs = (x: number | null): string =>
  x === null ? "—" : x.toFixed(Math.abs(x) < 1000 ? 2 : Math.abs(x) < 10_000 ? 1 : 0);

function levelTitle(l: Pick<LevelSummary, "level" | "load">): string {
  const load = l.load;
  if (load.mode === "concurrency") return `level ${l.level}: concurrency ${load.value}`;
  return `level ${l.level}: rate ${fmt(load.value)} req/s (${load.arrival}${load.max_concurrency !== null ? `, max concurrency ${load.max_concurrency}` : ""})`;
}

/** One row per entry of the latency metric table; client-side queueing rows only for open-loop levels, where it is the point. */
function latencyTable(l: LevelSummary): string {
  const table = new Table({ head: ["ms", "n", "mean", "p50", "p90", "p95", "p99"], style: { head: [], border: [] } });
  for (const m of LATENCY_METRICS) {
    if (m.show === "rate" && l.load.mode !== "rate") continue;
    const d = l.latency_ms[m.name];
    // A histogram's percentiles are marked, so a reader never takes them for exact ones.
    const approx = d.approx ? ` (±${d.approx.relative_error * 100}%)` : "";
    const name = m.per === "gap" && m.estimated && l.validity.itl_estimated ? `${m.label} (est.)` : m.label;
    table.push([name + approx, String(d.n), ...[d.mean, d.p50, d.p90, d.p95, d.p99].map(fmtMs)]);
  }
  return table.toString();
}

function errorsLine(l: LevelSummary): string {
  const kinds = Object.entries(l.requests.errors).map(([k, n]) => `${k} ${n}`);
  return kinds.length ? ` (${kinds.join(", ")})` : "";
}

/** The goodput line: the share of arrivals that met every term, and each term at the level (n/a when its distribution is empty). */
function goodputLine(g: Goodput): string {
  const terms = Object.entries(g.values).map(([k, v]) =>
    // Each term as it stands at the level: "<" where it holds, "≥" where it is missed.
    g.not_applicable.includes(k) || v === null
      ? `${k} n/a (no request defines it)`
      : `${k} ${fmt(v)} ${v < (g.slo[k] ?? Infinity) ? "<" : "≥"} ${g.slo[k]}`,
  );
  return `goodput: ${fmt(g.requests_per_s)} req/s (${fmt(g.fraction * 100, 1)}% of arrivals met every SLO); level ${g.met ? "meets" : "MISSES"} ${terms.join(", ")}`;
}

const span = (s: PlannedSpan): string => ("requests" in s ? String(s.requests) : `${s.seconds} s`);

/** One line saying a level did not finish: why, what was planned, what is on disk and what was lost. */
function cutLine(c: LevelCut): string {
  const why =
    c.reason === "no_level_line"
      ? "the run died during this level (no line in levels.jsonl)"
      : "the level was stopped early";
  const p = c.planned;
  const planned = `planned ${p.requests !== null ? `${p.requests} requests` : "timed phases"} (warmup ${span(p.warmup)}, measure ${span(p.measure)}, cooldown ${span(p.cooldown)})`;
  const d = c.on_disk;
  const lost =
    c.missing_ids > 0 ? `; at least ${c.missing_ids} sent requests have no record (in flight when it stopped)` : "";
  return `CUT: ${why}: ${planned}, on disk ${d.records} records (warmup ${d.warmup}, measure ${d.measure}, cooldown ${d.cooldown})${lost}`;
}

/** Renders one level as a latency table plus throughput and failure lines, then the warnings only it has. */
function renderLevel(l: LevelSummary, warnings: readonly string[]): string {
  const t = l.throughput;
  return [
    `── ${levelTitle(l)} ── ${l.requests.completed}/${l.requests.sent} completed in ${l.duration_s.toFixed(2)} s${l.cut ? " — CUT" : ""}`,
    ...(l.cut ? [cutLine(l.cut)] : []),
    latencyTable(l),
    `throughput: ${fmt(t.requests_per_s)} req/s, ${fmt(t.output_tokens_per_s, 1)} output tok/s, ${fmt(t.total_tokens_per_s, 1)} total tok/s` +
      ` (tokens: ${l.tokens.input} in, ${l.tokens.output} out, counted by ${l.tokens.output_source ?? "—"})`,
    ...(l.offered_rate !== null
      ? [
          `rate: offered ${fmt(l.offered_rate)} req/s, achieved ${fmt(l.achieved_rate)} req/s; late ${l.requests.late}, dropped ${l.requests.dropped}`,
        ]
      : []),
    ...(l.goodput ? [goodputLine(l.goodput)] : []),
    ...(l.server?.split_ms
      ? [
          `latency split (mean ms, from ${l.server.split_ms.source}): client ${fmt(l.server.split_ms.client)}, network+queue ${fmt(l.server.split_ms.network_and_queue)}, server ${fmt(l.server.split_ms.server)}`,
        ]
      : []),
    `failures: ${l.requests.failed}${errorsLine(l)}`,
    ...warnings.map((w) => `warning: ${w}`),
  ].join("\n");
}

/** Renders a whole bench summary for the terminal. */
export function renderBenchSummary(s: BenchSummary): string {
  const warnings = runWarnings(s.levels);
  const parts = [targetLine(s.target), ...s.levels.map((l, i) => renderLevel(l, warnings.perLevel[i] ?? []))];
  for (const n of s.levels_not_run ?? [])
    parts.push(`not run: ${levelTitle({ level: n.level, load: n.load })} — the run stopped before it`);
  if (s.levels.length > 0) parts.push(renderLevelsTable(s));
  // Said once for the run, after the view across levels they apply to.
  if (warnings.once.length > 0) parts.push(warnings.once.flatMap((w) => wrap(`warning: ${w}`, "")).join("\n"));
  if (s.capacity) {
    const c = s.capacity;
    const unit = c.metric === "rate" ? " req/s" : " in flight";
    const slo = Object.entries(c.slo)
      .map(([k, v]) => `${k}<${v}`)
      .join(", ");
    // With no failing probe the search only shows a floor: say so rather than print a half-open bracket.
    const where =
      c.bracket[1] === null
        ? `no upper bound found: every one of the ${c.probes.length} values probed met it`
        : `bracket ${fmt(c.bracket[0])}–${fmt(c.bracket[1])}, ${c.probes.length} values probed`;
    const capped =
      c.metric === "rate" && c.value < c.bracket[0] ? `, as achieved at the ${fmt(c.bracket[0])} req/s probe` : "";
    parts.push(
      `capacity: ${c.bracket[1] === null ? "at least " : ""}${fmt(c.value)}${unit} meets ${slo} (${where}${capped})`,
    );
  }
  return parts.join("\n\n") + "\n";
}

/**
 * Says how synthetic prompts were sized and how long they came out: in the target's own tokens
 * where its tokenizer is known, else in words, which is only approximate. Null for dataset prompts.
 */
export function promptLengthLine(
  workload: Record<string, unknown>,
  measured: PromptLengths | readonly RequestRecord[],
): string | null {
  if (workload.kind !== "synthetic") return null;
  const { mean, sources } = "counted" in measured ? measured : promptLengths(measured);
  const target = (workload.input_tokens as { mean?: unknown } | undefined)?.mean;
  const achieved =
    mean === null
      ? "no prompt was counted"
      : `achieved ${fmt(mean, 1)} tokens per prompt (counted by ${sources.join(", ")})`;
  const by = typeof workload.input_sized_by === "string" ? workload.input_sized_by : "words (approximate)";
  if (!by.startsWith("words"))
    return `prompt lengths: sized in the target's own tokens (${by}), aiming at ${String(target)}: ${achieved}`;
  return `prompt lengths: approximate — sized in words (the target's tokenizer is unknown), aiming at ${String(target)}: ${achieved}`;
}
