import type { MockLogEntry } from "../../src/mock/sse-server.js";
import type { RequestRecord } from "../../src/records/record.js";

/** One request as both ends saw it: the client's record and the mock server's log entry (its own clock). */
export interface BothEnds {
  r: RequestRecord;
  e: MockLogEntry;
  /** What the server took from receiving the request to writing the first token chunk. */
  serverTtft: number;
  /** The client's TTFT (t_first − t_sent). */
  clientTtft: number;
}

/**
 * Pairs each completed, streamed record with the log entry of the request that produced it (the
 * x-request-id ends in "-<record id>"). `log` should hold only this run's entries: slice it from
 * the length it had before the run.
 */
export function bothEnds(records: RequestRecord[], log: MockLogEntry[]): BothEnds[] {
  const byId = new Map(log.map((e) => [e.id.slice(e.id.lastIndexOf("-") + 1), e]));
  const out: BothEnds[] = [];
  for (const r of records) {
    const e = byId.get(String(r.id));
    if (!e || r.error !== null || r.t_first === null || e.firstToken === null) continue;
    out.push({ r, e, serverTtft: e.firstToken - e.received, clientTtft: r.t_first - r.t_sent });
  }
  return out;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
