import { isCompleted, type RequestRecord } from "../../../records/record.js";

/** Options shared by every compatibility view. */
export interface CompatOptions {
  /** Each level's benchmark duration (s), by level index, when the records cannot give it (imported runs). */
  durations: readonly number[] | null;
}

/** Completed records with at least one token: the requests every tool counts as successful. */
export function successful(records: readonly RequestRecord[]): RequestRecord[] {
  return records.filter((r) => isCompleted(r) && r.t_first !== null && r.t_last !== null);
}

/** Wall time of a level in seconds: the given duration, or first send to last stream end. */
export function durationOf(records: readonly RequestRecord[], o: CompatOptions): number {
  const given = records[0] ? o.durations?.[records[0].level] : undefined;
  if (given !== undefined) return given;
  const sent = records.filter((r) => r.error?.kind !== "dropped");
  if (sent.length === 0) return 0;
  return (Math.max(...sent.map((r) => r.t_end)) - Math.min(...sent.map((r) => r.t_sent))) / 1000;
}
