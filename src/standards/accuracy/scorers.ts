import { bleuFromStats, bleuStats } from "./bleu.js";
import { chrfFromStats, chrfStats } from "./chrf.js";
import type { TokenLogprobs } from "../../records/record.js";
import type { Verdict } from "../../records/verdict.js";
import type { Extraction } from "./extract.js";
import { targetLetter } from "./choice-target.js";
import { normalizeNumber, normalizeText } from "./normalize.js";
import { rouge } from "./rouge.js";
import { terFromStats, terStats } from "./ter.js";
import { checkIfevalResponse, type IfevalRow } from "../usability/ifeval/check-response.js";
import { checkConstraints, parseConstraints } from "../usability/constraints/check.js";

/** What a scorer sees of one sample. */
export interface ScoreInput {
  /** The output with any reasoning trace removed. */
  output: string;
  extraction: Extraction;
  /** Accepted answers (one or more). */
  targets: Array<string | number>;
  choices: readonly string[];
  /** The item's metadata (a code problem, instruction ids, a rubric), for scorers that need more than the targets. */
  metadata?: Readonly<Record<string, unknown>>;
  /** Code tasks: how running the program against the item's tests ended, when it was run (null: not run, or ungraded). */
  execution?: "passed" | "failed" | "timeout" | null;
  /** The verdict each verdict pass of the run gave this sample, by pass name (null: not judged yet). */
  verdicts?: Readonly<Record<string, Verdict | null>>;
  /** The first output tokens' top alternatives, when the target reported log-probabilities. */
  logprobs?: TokenLogprobs[];
}

/** A token as a choice letter ("B", " B", "(B", "B." …), or null. */
function tokenLetter(token: string, n: number): string | null {
  const m = /^[\s(]*([A-Z])[).:\s]*$/.exec(token);
  return m && LETTERS.indexOf(m[1]!) < n ? m[1]! : null;
}

/**
 * The choice the model puts the most probability on: at the first output token that is a choice
 * letter, the letter whose surface forms (" B", "B", …) together have the highest probability
 * among that token's top alternatives. Null when no such token was reported.
 */
export function choiceByLogprob(logprobs: readonly TokenLogprobs[], n: number): string | null {
  const at = logprobs.find((t) => tokenLetter(t.token, n) !== null);
  if (!at) return null;
  const mass = new Map<string, number>();
  for (const [tok, lp] of at.top.length ? at.top : [[at.token, 0] as [string, number]]) {
    const letter = tokenLetter(tok, n);
    if (letter) mass.set(letter, (mass.get(letter) ?? 0) + Math.exp(lp));
  }
  let best: string | null = null;
  for (const [l, p] of mass) if (best === null || p > mass.get(best)!) best = l;
  return best;
}

/** A per-sample scorer: a value in [0, 1] (1 = correct), or null when it does not apply. */
export type SampleScorer = (s: ScoreInput) => number | null;

/** A corpus scorer: one value over all samples (BLEU, chrF, TER), computed from per-sample statistics. */
export interface CorpusScorer {
  stats(s: ScoreInput): number[];
  score(summed: number[]): number;
  /** TER: lower is better. */
  lowerIsBetter: boolean;
}

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

function tokensF1(pred: string, gold: string): number {
  const p = normalizeText(pred).split(" ").filter(Boolean);
  const g = normalizeText(gold).split(" ").filter(Boolean);
  if (p.length === 0 || g.length === 0) return p.length === g.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of g) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of p) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      same++;
      counts.set(t, c - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / p.length;
  const recall = same / g.length;
  return (2 * precision * recall) / (precision + recall);
}

/** The letter a target names among the item's options, or null when it names none. */
function letterOf(t: string | number, choices: readonly string[]): string | null {
  const r = targetLetter(t, choices);
  return "letter" in r ? r.letter : null;
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return (
    ka.length === kb.length &&
    ka.every((k, i) => k === kb[i] && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

const best = (s: ScoreInput, f: (t: string | number) => number): number => Math.max(0, ...s.targets.map(f));
const answerText = (s: ScoreInput): string => s.extraction.answer ?? "";

/** Per-sample scorers by name; `regex:PATTERN` and `numeric:TOL` take an argument. */
export function sampleScorer(name: string): SampleScorer | null {
  const [base, arg] = name.includes(":")
    ? [name.slice(0, name.indexOf(":")), name.slice(name.indexOf(":") + 1)]
    : [name, undefined];
  switch (base) {
    // Exact is exact: the answer (or the whole output) equals a target, whitespace at the ends aside.
    case "exact":
      return (s) =>
        best(s, (t) =>
          s.extraction.answer !== null &&
          (s.extraction.answer.trim() === String(t).trim() || s.output.trim() === String(t).trim())
            ? 1
            : 0,
        );
    // The same SQuAD normalisation on both sides.
    case "quasi_exact":
      return (s) => best(s, (t) => (normalizeText(answerText(s) || s.output) === normalizeText(String(t)) ? 1 : 0));
    case "numeric": {
      const tol = arg !== undefined ? Number(arg) : 1e-6;
      return (s) => {
        const a =
          s.extraction.answer !== null ? Number(normalizeNumber(s.extraction.answer) ?? Number.NaN) : Number.NaN;
        return best(s, (t) => {
          const g = Number(normalizeNumber(String(t)) ?? Number.NaN);
          return Number.isFinite(a) && Number.isFinite(g) && Math.abs(a - g) <= tol * Math.max(1, Math.abs(g)) ? 1 : 0;
        });
      };
    }
    case "choice_logprob":
      return (s) => {
        if (!s.logprobs?.length) return null;
        if (choiceProblem(s) !== null) return null;
        const letter = choiceByLogprob(s.logprobs, s.choices.length);
        return best(s, (t) => (letter !== null && letter === letterOf(t, s.choices) ? 1 : 0));
      };
    // An item without options, or whose target names none of them, cannot be scored by letter: it
    // has no verdict (and summaries count it in a warning) rather than a silent 0.
    case "choice":
      return (s) => {
        if (choiceProblem(s) !== null) return null;
        return best(s, (t) => (s.extraction.answer !== null && s.extraction.answer === letterOf(t, s.choices) ? 1 : 0));
      };
    case "f1":
      return (s) => best(s, (t) => tokensF1(answerText(s) || s.output, String(t)));
    case "contains":
      return (s) => best(s, (t) => (` ${normalizeText(s.output)} `.includes(` ${normalizeText(String(t))} `) ? 1 : 0));
    case "prefix":
      return (s) => best(s, (t) => (normalizeText(s.output).startsWith(normalizeText(String(t))) ? 1 : 0));
    case "regex": {
      if (!arg) return null;
      const re = new RegExp(arg);
      return (s) => (re.test(s.output) ? 1 : 0);
    }
    case "json":
      return (s) => {
        let got: unknown;
        try {
          got = JSON.parse(answerText(s) || s.output);
        } catch {
          return 0;
        }
        return best(s, (t) => {
          try {
            return jsonEqual(got, typeof t === "string" ? JSON.parse(t) : t) ? 1 : 0;
          } catch {
            return 0;
          }
        });
      };
    case "pass":
      return (s) => (s.execution === undefined || s.execution === null ? null : s.execution === "passed" ? 1 : 0);
    // The item's own verifiable constraints (task YAML `constraints`): 1 when every one passes, 0 when one fails, no verdict when one cannot be judged.
    case "constraints":
      return (s) => {
        const raw = s.metadata?.constraints;
        if (!Array.isArray(raw)) return null;
        const verdicts = checkConstraints(s.output, parseConstraints(raw));
        if (verdicts.some((v) => v.verdict === "fail")) return 0;
        return verdicts.every((v) => v.verdict === "pass") ? 1 : null;
      };
    // IFEval, prompt level: every instruction of the item (its metadata) followed; an item without instructions has no verdict.
    case "ifeval":
    case "ifeval_loose":
      return (s) => {
        const row = ifevalRowOf(s);
        if (!row) return null;
        const v = checkIfevalResponse(row);
        return (base === "ifeval" ? v.strict : v.loose) ? 1 : 0;
      };
    case "rouge1":
    case "rouge2":
    case "rougeL":
      return (s) => best(s, (t) => rouge(base, String(t), s.output).fmeasure);
    default:
      return null;
  }
}

/** Why a letter metric cannot judge this sample's item (no options, or no target names one), or null. */
function choiceProblem(s: ScoreInput): string | null {
  const problems = s.targets.map((t) => targetLetter(t, s.choices)).flatMap((r) => ("problem" in r ? [r.problem] : []));
  return problems.length === s.targets.length ? (problems[0] ?? null) : null;
}

/**
 * One line saying how many samples a metric could not judge because of the data (an item without
 * choices, a target that names no option), with the reasons; null when it judged them all.
 */
export function notScoredWarning(name: string, inputs: readonly ScoreInput[]): string | null {
  if (name !== "choice" && name !== "choice_logprob") return null;
  const reasons = new Map<string, number>();
  for (const s of inputs) {
    if (name === "choice_logprob" && !s.logprobs?.length) continue;
    const p = choiceProblem(s);
    if (p !== null) reasons.set(p, (reasons.get(p) ?? 0) + 1);
  }
  const total = [...reasons.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const listed = [...reasons.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([r, k]) => `${k}× ${r}`);
  return `${name}: ${total} of ${inputs.length} samples not scored and left out of the metric (${listed.join("; ")}${reasons.size > 3 ? "; …" : ""})`;
}

const refs = (s: ScoreInput): string[] => s.targets.map(String);

/** Corpus scorers by name (sacreBLEU defaults). */
export function corpusScorer(name: string): CorpusScorer | null {
  switch (name) {
    case "bleu":
      return {
        stats: (s) => {
          const st = bleuStats(s.output, refs(s));
          return [...st.correct, ...st.total, st.sysLen, st.refLen];
        },
        score: (x) => bleuFromStats({ correct: x.slice(0, 4), total: x.slice(4, 8), sysLen: x[8]!, refLen: x[9]! }),
        lowerIsBetter: false,
      };
    case "chrf":
      return { stats: (s) => chrfStats(s.output, refs(s)), score: (x) => chrfFromStats(x), lowerIsBetter: false };
    case "ter":
      return { stats: (s) => terStats(s.output, refs(s)), score: (x) => terFromStats(x), lowerIsBetter: true };
    default:
      return null;
  }
}

/** An IFEval item's instructions, from the metadata the ifeval preset gives it, with the sample's answer. */
function ifevalRowOf(s: ScoreInput): IfevalRow | null {
  const m = s.metadata?.ifeval as { prompt?: unknown; instruction_id_list?: unknown; kwargs?: unknown } | undefined;
  if (!m || typeof m.prompt !== "string" || !Array.isArray(m.instruction_id_list) || !Array.isArray(m.kwargs))
    return null;
  return {
    prompt: m.prompt,
    instruction_id_list: m.instruction_id_list.map(String),
    kwargs: m.kwargs as unknown[],
    response: s.output,
  };
}

/** Every metric name a user can give to --scorer / --metric. */
export const SCORER_NAMES = [
  "pass",
  "ifeval",
  "ifeval_loose",
  "exact",
  "exact_match",
  "quasi_exact",
  "numeric",
  "choice",
  "choice_logprob",
  "f1",
  "contains",
  "prefix",
  "regex:PATTERN",
  "json",
  "bleu",
  "chrf",
  "ter",
  "rouge",
];

/** Expands `rouge` to its three variants; checks every name. */
export function expandScorers(names: readonly string[]): string[] {
  const out: string[] = [];
  for (const n of names) {
    if (n === "rouge") out.push("rouge1", "rouge2", "rougeL");
    // lm-evaluation-harness's name for it.
    else if (n === "exact_match") out.push("exact");
    else out.push(n);
  }
  return out;
}
