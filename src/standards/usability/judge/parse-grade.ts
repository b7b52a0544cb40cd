import type { Pick } from "./pairwise.js";

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The JSON object in a judge's reply: the whole reply, or a ```json fence, or the last {...} in it (judges often reason first). */
function lastJsonObject(reply: string): Record<string, unknown> | null {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(reply)?.[1];
  const candidates = [reply.trim(), fenced?.trim()];
  const open = reply.lastIndexOf("{");
  const close = reply.lastIndexOf("}");
  if (open >= 0 && close > open) candidates.push(reply.slice(open, close + 1));
  for (const c of candidates) {
    if (!c) continue;
    try {
      const v: unknown = JSON.parse(c);
      if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // not this one
    }
  }
  return null;
}

/**
 * A single-answer grade on [min, max]: `{"score": N}` in JSON, else MT-Bench's "[[N]]" (the last
 * one: a judge may quote the format before giving its rating). Out of range is a parse failure.
 */
export function parseScore(reply: string, min: number, max: number): Parsed<number> {
  const json = lastJsonObject(reply);
  let raw: unknown = json?.score ?? json?.rating ?? json?.grade;
  if (raw === undefined) {
    const all = [...reply.matchAll(/\[\[\s*(-?\d+(?:\.\d+)?)\s*\]\]/g)];
    raw = all.length ? Number(all[all.length - 1]?.[1]) : undefined;
  }
  const x = typeof raw === "string" ? Number(raw) : raw;
  if (typeof x !== "number" || !Number.isFinite(x))
    return { ok: false, reason: 'no score in the reply (expected JSON {"score": N} or [[N]])' };
  if (x < min || x > max) return { ok: false, reason: `score ${x} is outside ${min}..${max}` };
  return { ok: true, value: x };
}

/** A pairwise pick: `{"winner": "A"|"B"|"tie"}` in JSON, else MT-Bench's "[[A]]", "[[B]]" or "[[C]]" (tie), the last one given. */
export function parsePick(reply: string): Parsed<Pick> {
  const json = lastJsonObject(reply);
  const w = typeof json?.winner === "string" ? json.winner.trim().toUpperCase() : undefined;
  const fromJson = w === "A" || w === "B" ? w : w === "TIE" || w === "C" ? "tie" : undefined;
  if (fromJson) return { ok: true, value: fromJson };
  const all = [...reply.matchAll(/\[\[\s*([ABC])\s*\]\]/g)];
  const last = all[all.length - 1]?.[1];
  if (last === "A" || last === "B") return { ok: true, value: last };
  if (last === "C") return { ok: true, value: "tie" };
  return {
    ok: false,
    reason: 'no verdict in the reply (expected JSON {"winner": "A"|"B"|"tie"} or [[A]]/[[B]]/[[C]])',
  };
}
