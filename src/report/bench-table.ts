import Table from "cli-table3";
import type { BenchSummary, LevelSummary } from "../standards/efficiency/summarize.js";
import type { Distribution } from "../stats/distribution.js";

const fmt = (x: number | null, digits = 2): string => (x === null ? "—" : x.toFixed(digits));

function levelTitle(l: LevelSummary): string {
  return `${l.load.mode} ${l.load.value}`;
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
  for (const [name, d] of rows) table.push([name, String(d.n), fmt(d.mean), fmt(d.p50), fmt(d.p90), fmt(d.p99)]);
  return table.toString();
}

function errorsLine(l: LevelSummary): string {
  const kinds = Object.entries(l.requests.errors).map(([k, n]) => `${k} ${n}`);
  return kinds.length ? ` (${kinds.join(", ")})` : "";
}

/** Renders one level as a latency table plus throughput and failure lines. */
function renderLevel(l: LevelSummary): string {
  const t = l.throughput;
  return [
    `── ${levelTitle(l)} ── ${l.requests.completed}/${l.requests.sent} completed in ${l.duration_s.toFixed(2)} s`,
    latencyTable(l),
    `throughput: ${fmt(t.requests_per_s)} req/s, ${fmt(t.output_tokens_per_s, 1)} output tok/s, ${fmt(t.total_tokens_per_s, 1)} total tok/s` +
      ` (tokens: ${l.tokens.input} in, ${l.tokens.output} out, counted by ${l.tokens.output_source ?? "—"})`,
    `failures: ${l.requests.failed}${errorsLine(l)}`,
    ...l.validity.warnings.map((w) => `warning: ${w}`),
  ].join("\n");
}

/** Renders a whole bench summary for the terminal. */
export function renderBenchSummary(s: BenchSummary): string {
  const t = s.target;
  const head = `target: ${String(t.kind)} ${String(t.kind === "openai" ? `${String(t.base_url)} model ${String(t.model)}` : `${String(t.model_path)} (threads ${String(t.threads)}, parallel ${String(t.parallel)})`)}`;
  return [head, ...s.levels.map(renderLevel)].join("\n\n") + "\n";
}
