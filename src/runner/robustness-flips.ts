import type { RequestRecord } from "../records/record.js";
import type { SampleVerdict } from "../standards/accuracy/summarize-eval.js";

/** One item whose verdict changed under a variant: both answers and both prompts as sent, so a reader can see why. */
export interface FlipExample {
  item_id: string;
  variant: string;
  direction: "to_wrong" | "to_right";
  original: { record_id: number | null; prompt: string; answer: string | null };
  perturbed: { record_id: number | null; prompt: string; answer: string | null };
}

/** How many flipped items the summary lists (all are in samples.jsonl). */
export const FLIP_EXAMPLES = 20;

/** The user text a record asked: its last user message, or its raw prompt. */
function askedText(r: RequestRecord | undefined): string {
  if (!r) return "";
  const body = r.request.body;
  if (Array.isArray(body.messages)) {
    const users = (body.messages as Array<{ role?: unknown; content?: unknown }>).filter((m) => m.role === "user");
    const last = users[users.length - 1]?.content;
    return typeof last === "string" ? last : JSON.stringify(last ?? "");
  }
  return typeof body.prompt === "string" ? body.prompt : "";
}

/**
 * The first items (in item order) whose right/wrong verdict on `metric` differs between the
 * original and a variant, on the first sample of each: the examples behind the flip counts.
 */
export function flipExamples(
  verdicts: readonly SampleVerdict[],
  records: readonly RequestRecord[],
  metric: string,
  max = FLIP_EXAMPLES,
): FlipExample[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  const first = verdicts.filter((v) => v.sample === 0);
  const originals = new Map(first.filter((v) => !v.variant).map((v) => [v.item_id, v]));
  const out: FlipExample[] = [];
  for (const v of first) {
    if (out.length >= max) break;
    if (!v.variant) continue;
    const o = originals.get(v.item_id);
    const a = o?.scores[metric];
    const b = v.scores[metric];
    if (!o || (a !== 0 && a !== 1) || (b !== 0 && b !== 1) || a === b) continue;
    const side = (s: SampleVerdict) => ({
      record_id: s.record_id,
      prompt: askedText(s.record_id === null ? undefined : byId.get(s.record_id)),
      answer: s.answer,
    });
    out.push({
      item_id: v.item_id,
      variant: v.variant.name,
      direction: a === 1 ? "to_wrong" : "to_right",
      original: side(o),
      perturbed: side(v),
    });
  }
  return out;
}
