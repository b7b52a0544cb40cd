import { UserError } from "../../../errors.js";
import type { IfevalRow } from "./check-response.js";

/** A JSONL row with where it came from (`file:line`), for error messages. */
export interface SourcedRow {
  value: Record<string, unknown>;
  where: string;
}

export interface JoinedIfeval {
  rows: IfevalRow[];
  /** Prompts that no response row answers: not scored, and said so. */
  unanswered: Array<{ key: unknown; where: string }>;
  /** Response rows whose prompt is in no prompt row. */
  unused: number;
}

/**
 * Joins IFEval prompt rows ({prompt, instruction_id_list, kwargs}) to response rows ({prompt,
 * response}) by the exact prompt text, as the reference evaluator does. A prompt without a
 * response is left out of every figure and listed, never scored as a failure.
 */
export function joinIfevalRows(prompts: readonly SourcedRow[], responses: readonly SourcedRow[]): JoinedIfeval {
  const byPrompt = new Map<string, string>();
  for (const { value: r, where } of responses) {
    if (typeof r.prompt !== "string" || typeof r.response !== "string")
      throw new UserError(`${where}: a response row needs "prompt" and "response" strings`);
    byPrompt.set(r.prompt, r.response);
  }
  const rows: IfevalRow[] = [];
  const unanswered: JoinedIfeval["unanswered"] = [];
  const used = new Set<string>();
  for (const { value: p, where } of prompts) {
    if (typeof p.prompt !== "string" || !Array.isArray(p.instruction_id_list) || !Array.isArray(p.kwargs))
      throw new UserError(
        `${where}: an IFEval prompt row needs "prompt", "instruction_id_list" and "kwargs" (as in IFEval's input_data.jsonl)`,
      );
    const ids = p.instruction_id_list as unknown[];
    if (!ids.every((x): x is string => typeof x === "string"))
      throw new UserError(`${where}: instruction_id_list must be a list of strings`);
    if (p.kwargs.length !== ids.length)
      throw new UserError(
        `${where}: kwargs must have one entry per instruction (${ids.length}), has ${p.kwargs.length}`,
      );
    const response = byPrompt.get(p.prompt);
    if (response === undefined) {
      unanswered.push({ key: p.key ?? null, where });
      continue;
    }
    used.add(p.prompt);
    rows.push({ prompt: p.prompt, instruction_id_list: ids, kwargs: p.kwargs as unknown[], response });
  }
  return { rows, unanswered, unused: [...byPrompt.keys()].filter((k) => !used.has(k)).length };
}
