import Table from "cli-table3";
import type { LevelCut, PlannedSpan } from "../standards/efficiency/level-cut.js";
import type { BenchSummary, LevelSummary } from "../standards/efficiency/summarize.js";
import type { Distribution } from "../stats/distribution.js";

const fmt = (x: number | null, digits = 2): string => (x === null ? "—" : x.toFixed(digits));

function levelTitle(l: Pick<LevelSummary, "level" | "load">): string {
  const load = l.load;
  if (load.mode === "concurrency") return `level ${l.level}: concurrency ${load.value}`;
  return `level ${l.level}: rate ${fmt(load.value)} req/s (${load.arrival}${load.max_concurrency !== null ? `, max concurrency ${load.max_concurrency}` : ""})`;
}

function latencyTable(l: LevelSummary): string {
  const table = new Table({ head: ["ms", "n", "mean", "p50", "p90", "p99"], style: { head: [], border: [] } });
  const rows: Array<[string, Distribution]> = [
    ["TTFT", l.latency_ms.ttft],
    ["TPOT", l.latency_ms.tpot],
    [l.validity.itl_estimated ? "ITL (est.)" : "ITL", l.latency_ms.itl],
    ["ICL", l.latency_ms.icl],
    ["E2E", l.latency_ms.e2e],
  ];
  // Client-side queueing matters under open-loop load: show what a user waited from the intended send.
  if (l.load.mode === "rate") rows.push(["sched. lag", l.latency_ms.schedule_lag], ["response", l.latency_ms.response]);
  for (const [name, d] of rows) table.push([name, String(d.n), fmt(d.mean), fmt(d.p50), fmt(d.p90), fmt(d.p99)]);
  return table.toString();
}

function errorsLine(l: LevelSummary): string {
  const kinds = Object.entries(l.requests.errors).map(([k, n]) => `${k} ${n}`);
  return kinds.length ? ` (${kinds.join(", ")})` : "";
}

const span = (s: PlannedSpan): string => ("requests" in s ? String(s.requests) : `${s.seconds} s`);

/** One line saying a level did not finish: why, what was planned, what is on disk and what was lost. */
function cutLine(c: LevelCut): string {
  const why = c.reason === "no_level_line" ? "the run died during this level (no line in levels.jsonl)" : "the level was stopped early";
  const p = c.planned;
  const planned = `planned ${p.requests !== null ? `${p.requests} requests` : "timed phases"} (warmup ${span(p.warmup)}, measure ${span(p.measure)}, cooldown ${span(p.cooldown)})`;
  const d = c.on_disk;
  const lost = c.missing_ids > 0 ? `; at least ${c.missing_ids} sent requests have no record (in flight when it stopped)` : "";
  return `CUT: ${why}: ${planned}, on disk ${d.records} records (warmup ${d.warmup}, measure ${d.measure}, cooldown ${d.cooldown})${lost}`;
}

/** Renders one level as a latency table plus throughput and failure lines. */
function renderLevel(l: LevelSummary): string {
  const t = l.throughput;
  return [
    `── ${levelTitle(l)} ── ${l.requests.completed}/${l.requests.sent} completed in ${l.duration_s.toFixed(2)} s${l.cut ? " — CUT" : ""}`,
    ...(l.cut ? [cutLine(l.cut)] : []),
    latencyTable(l),
    `throughput: ${fmt(t.requests_per_s)} req/s, ${fmt(t.output_tokens_per_s, 1)} output tok/s, ${fmt(t.total_tokens_per_s, 1)} total tok/s` +
      ` (tokens: ${l.tokens.input} in, ${l.tokens.output} out, counted by ${l.tokens.output_source ?? "—"})`,
    ...(l.offered_rate !== null ? [`rate: offered ${fmt(l.offered_rate)} req/s, achieved ${fmt(l.achieved_rate)} req/s; late ${l.requests.late}, dropped ${l.requests.dropped}`] : []),
    ...(l.goodput ? [`goodput: ${fmt(l.goodput.requests_per_s)} req/s (${fmt(l.goodput.fraction * 100, 1)}% of requests met every SLO); level ${l.goodput.met ? "meets" : "MISSES"} ${Object.entries(l.goodput.values).map(([k, v]) => `${k} ${fmt(v)} < ${l.goodput!.slo[k]}`).join(", ")}`] : []),
    ...(l.server?.split_ms ? [`latency split (mean ms, from ${l.server.split_ms.source}): client ${fmt(l.server.split_ms.client)}, network+queue ${fmt(l.server.split_ms.network_and_queue)}, server ${fmt(l.server.split_ms.server)}`] : []),
    `failures: ${l.requests.failed}${errorsLine(l)}`,
    ...l.validity.warnings.map((w) => `warning: ${w}`),
  ].join("\n");
}

/** Renders a whole bench summary for the terminal. */
export function renderBenchSummary(s: BenchSummary): string {
  const t = s.target;
  const what =
    t.kind === "openai" ? `${String(t.base_url)} model ${String(t.model)}` : t.kind === "imported" ? `from ${String(t.tool)} (model ${String(t.model)})` : `${String(t.model_path)} (threads ${String(t.threads)}, parallel ${String(t.parallel)})`;
  const head = `target: ${String(t.kind)} ${what}`;
  const parts = [head, ...s.levels.map(renderLevel)];
  for (const n of s.levels_not_run ?? []) parts.push(`not run: ${levelTitle({ level: n.level, load: n.load })} — the run stopped before it`);
  if (s.capacity) {
    const c = s.capacity;
    const unit = c.metric === "rate" ? " req/s" : " in flight";
    parts.push(`capacity: ${fmt(c.value)}${unit} meets ${Object.entries(c.slo).map(([k, v]) => `${k}<${v}`).join(", ")} (bracket ${fmt(c.bracket[0])}–${c.bracket[1] === null ? "none failed" : fmt(c.bracket[1])}, ${c.probes.length} values probed)`);
  }
  return parts.join("\n\n") + "\n";
}
