import type { LoadSpec } from "../../records/record.js";
import type { ClientHealth } from "./client-health.js";
import type { PrometheusDelta } from "./server-signals.js";

/** Marks a level as a capacity-search point: the value probed and the SLO margin the search judged it with. */
export interface ProbeTag {
  metric: "rate" | "concurrency";
  value: number;
  margin: number;
}

/** Schema id of each line of levels.jsonl. */
export const LEVEL_SCHEMA = "infermark.level/1";

/** What was observed about a level as a whole (not per request): one line of levels.jsonl. */
export interface LevelLine {
  schema: typeof LEVEL_SCHEMA;
  level: number;
  load: LoadSpec;
  /** The capacity-search point this level ran for, if any. */
  probe: ProbeTag | null;
  client: ClientHealth;
  /** The server's /metrics change over the level, when it exposes vLLM or SGLang metrics. */
  prometheus: PrometheusDelta | null;
}

/** The summary context that levels.jsonl gives: client health and /metrics deltas by level, and the capacity probes. */
export function levelContext(lines: readonly LevelLine[]): {
  client: Map<number, ClientHealth>;
  prometheus: Map<number, PrometheusDelta>;
  probes: { metric: "rate" | "concurrency"; margin: number; byValue: Map<number, number[]> } | null;
} {
  const client = new Map<number, ClientHealth>();
  const prometheus = new Map<number, PrometheusDelta>();
  let probes: { metric: "rate" | "concurrency"; margin: number; byValue: Map<number, number[]> } | null = null;
  for (const l of lines) {
    client.set(l.level, l.client);
    if (l.prometheus) prometheus.set(l.level, l.prometheus);
    if (l.probe) {
      probes ??= { metric: l.probe.metric, margin: l.probe.margin, byValue: new Map() };
      const list = probes.byValue.get(l.probe.value) ?? [];
      list.push(l.level);
      probes.byValue.set(l.probe.value, list);
    }
  }
  return { client, prometheus, probes };
}
