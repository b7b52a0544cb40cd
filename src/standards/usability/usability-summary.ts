import { UserError } from "../../errors.js";
import { cannedPhrases } from "./canned-phrases.js";
import { compressionRatio } from "./compression.js";
import { distinctN } from "./distinct.js";
import { formatRates } from "./format-rates.js";
import { meanOverGroups } from "./groups.js";
import { measured, notApplicable } from "./measure.js";
import { repetitionSummary } from "./repetition-summary.js";
import { selfBleu } from "./self-bleu.js";
import { whitespaceTokens } from "./tokens.js";
import { verbosity } from "./verbosity.js";

/** One answer as the usability checks see it: which item it answers, its text, why it ended, its token count. */
export interface UsabilityResponse {
  item: string;
  text: string;
  finishReason: string | null;
  tokens: number | null;
}

// Self-BLEU compares every answer with every other: past this many it runs on a deterministic,
// evenly spaced subset, and says so (docs/usability-metrics.md).
const SELF_BLEU_MAX = 200;

function spaced<T>(xs: readonly T[], max: number): T[] {
  if (xs.length <= max) return [...xs];
  return Array.from({ length: max }, (_, i) => xs[Math.floor((i * xs.length) / max)] as T);
}

/** Within-answer repetition and across-answer diversity over the run, as the issue's `repetition` block names them. */
function repetition(rs: readonly UsabilityResponse[]) {
  const tokens = rs.map((r) => whitespaceTokens(r.text));
  const sb = spaced(
    rs.map((r) => r.text),
    SELF_BLEU_MAX,
  );
  return {
    ...repetitionSummary(rs.map((r) => ({ text: r.text, finishReason: r.finishReason }))),
    distinct_1: distinctN(tokens, 1),
    distinct_2: distinctN(tokens, 2),
    self_bleu: { ...selfBleu(sb), ...(sb.length < rs.length ? { subset: sb.length } : {}) },
    compression_ratio: compressionRatio(rs.map((r) => r.text)),
    canned_phrases: cannedPhrases(rs.map((r) => r.text)),
  };
}

/** Diversity among the K samples of each item, averaged over items (n = items with two or more answers). */
function diversity(rs: readonly UsabilityResponse[]) {
  const groups = new Map<string, UsabilityResponse[]>();
  for (const r of rs) groups.set(r.item, [...(groups.get(r.item) ?? []), r]);
  const several = new Map([...groups].filter(([, g]) => g.length > 1));
  if (several.size === 0) return { reason: "no item has two or more samples: run with --samples K (K > 1)" } as const;
  return {
    within_item_distinct_2: meanOverGroups(several, (g) => {
      const d = distinctN(
        g.map((r) => whitespaceTokens(r.text)),
        2,
      );
      return d.value === null ? notApplicable(d.n, d.reason) : measured(d.value, d.n);
    }),
    within_item_self_bleu: meanOverGroups(several, (g) => {
      const s = selfBleu(g.map((r) => r.text));
      return s.value === null ? notApplicable(s.n, s.reason ?? "no scorable pair") : measured(s.value, s.n);
    }),
  };
}

/** The usability checks `--usability` can name: one entry each (docs/usability-metrics.md). */
export const USABILITY_CHECKS = {
  repetition,
  diversity,
  format: (rs: readonly UsabilityResponse[]) =>
    formatRates(rs.map((r) => ({ text: r.text, finishReason: r.finishReason }))),
  verbosity: (rs: readonly UsabilityResponse[]) =>
    verbosity(rs.map((r) => ({ text: r.text, ...(r.tokens !== null ? { tokens: r.tokens } : {}) }))),
} as const;

export type UsabilityCheck = keyof typeof USABILITY_CHECKS;
/** What each check found, by check name. */
export type UsabilityChecks = { [K in UsabilityCheck]?: ReturnType<(typeof USABILITY_CHECKS)[K]> };

const isCheck = (n: string): n is UsabilityCheck => Object.hasOwn(USABILITY_CHECKS, n);

/** Checks a `--usability` list; an unknown name is a user error listing the valid ones. */
export function parseUsabilityChecks(names: readonly string[]): UsabilityCheck[] {
  const out: UsabilityCheck[] = [];
  for (const n of names) {
    if (!isCheck(n))
      throw new UserError(`unknown usability check "${n}"; valid: ${Object.keys(USABILITY_CHECKS).join(", ")}`);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

/** Each named check over the answers. */
export function usabilitySummary(checks: readonly string[], responses: readonly UsabilityResponse[]): UsabilityChecks {
  const out: UsabilityChecks = {};
  for (const c of parseUsabilityChecks(checks)) Object.assign(out, { [c]: USABILITY_CHECKS[c](responses) });
  return out;
}
