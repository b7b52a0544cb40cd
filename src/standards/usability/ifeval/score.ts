// IFEval's four headline figures and their breakdowns, each a proportion with a Wilson interval.
import { meanStderr, wilson } from "../../../stats/intervals.js";
import { checkIfevalResponse, type IfevalRow, type IfevalVerdict } from "./check-response.js";
import { DETECTABLE_LANGUAGES, LANGUAGE_DETECTOR } from "./language.js";

/** A proportion: the same fields as the accuracy standard's MetricValue, plus the count it rests on. */
export interface IfevalMetric {
  value: number;
  stderr: number;
  ci95: [number, number];
  n: number;
  /** How many of the n passed. */
  passed: number;
  ci_method: "wilson";
}

export interface IfevalBreakdown {
  strict: IfevalMetric;
  loose: IfevalMetric;
}

export interface IfevalSummary {
  /** Share of prompts whose every instruction is followed. */
  prompt_strict: IfevalMetric;
  /**
   * Share of instructions followed, over all instructions of all prompts. The Wilson interval
   * treats instructions as independent although several share a response, so it is somewhat
   * narrower than a by-prompt bootstrap would be.
   */
  inst_strict: IfevalMetric;
  prompt_loose: IfevalMetric;
  inst_loose: IfevalMetric;
  /** Instruction-level accuracy per instruction id (only ids that occur). */
  by_instruction: Record<string, IfevalBreakdown>;
  /** Instruction-level accuracy per group (the id's part before ":"). */
  by_group: Record<string, IfevalBreakdown>;
  /**
   * The language detector behind language:response_language and change_case:english_*, and how
   * many response_language instructions asked for a language it has no model for (those can only
   * pass when the text has no letters at all, so they are reported rather than silently failed).
   */
  language: { detector: string; undetectable_requests: Record<string, number> };
}

/** A proportion from pass/fail outcomes. */
export function proportion(outcomes: readonly boolean[]): IfevalMetric {
  const n = outcomes.length;
  const passed = outcomes.filter(Boolean).length;
  const { mean, stderr } = meanStderr(outcomes.map((o) => (o ? 1 : 0)));
  return { value: mean, stderr, ci95: wilson(passed, n), n, passed, ci_method: "wilson" };
}

function breakdown(verdicts: readonly IfevalVerdict[], key: (id: string) => string): Record<string, IfevalBreakdown> {
  const groups = new Map<string, { strict: boolean[]; loose: boolean[] }>();
  for (const v of verdicts) {
    for (const inst of v.instructions) {
      const k = key(inst.id);
      const g = groups.get(k) ?? { strict: [], loose: [] };
      g.strict.push(inst.strict);
      g.loose.push(inst.loose);
      groups.set(k, g);
    }
  }
  return Object.fromEntries(
    [...groups.keys()].sort().map((k) => {
      const g = groups.get(k) ?? { strict: [], loose: [] };
      return [k, { strict: proportion(g.strict), loose: proportion(g.loose) }];
    }),
  );
}

function undetectableRequests(rows: readonly IfevalRow[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of rows) {
    row.instruction_id_list.forEach((id, i) => {
      const kw = row.kwargs[i];
      const lang =
        id === "language:response_language" && kw !== null && typeof kw === "object" && "language" in kw
          ? kw.language
          : undefined;
      if (typeof lang === "string" && !DETECTABLE_LANGUAGES.has(lang)) out[lang] = (out[lang] ?? 0) + 1;
    });
  }
  return out;
}

function summarize(rows: readonly IfevalRow[], verdicts: readonly IfevalVerdict[]): IfevalSummary {
  const all = verdicts.flatMap((v) => v.instructions);
  return {
    prompt_strict: proportion(verdicts.map((v) => v.strict)),
    inst_strict: proportion(all.map((i) => i.strict)),
    prompt_loose: proportion(verdicts.map((v) => v.loose)),
    inst_loose: proportion(all.map((i) => i.loose)),
    by_instruction: breakdown(verdicts, (id) => id),
    by_group: breakdown(verdicts, (id) => id.split(":")[0] ?? id),
    language: { detector: LANGUAGE_DETECTOR, undetectable_requests: undetectableRequests(rows) },
  };
}

/** Checks every row and summarises: plain rows in, the IFEval summary out. */
export function scoreIfeval(rows: readonly IfevalRow[]): IfevalSummary {
  return summarize(rows, rows.map(checkIfevalResponse));
}
