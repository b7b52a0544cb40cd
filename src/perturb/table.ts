import { z } from "zod";
import { UserError } from "../errors.js";
import type { Rng } from "../stats/rng.js";
import { distractor, injection, reorder } from "./content.js";
import { FORMAT_VARIANTS, GENERIC_SYSTEM, SEPARATORS, type SeparatorName } from "./formats.js";
import type { LabelStyle, OptionLabelStyle, PerturbationFamily, PerturbItem, PromptFormat } from "./item.js";
import { paraphraseItem, type Paraphraser } from "./paraphrase.js";
import { allReorderings, reorderingCount, seededReorderings } from "./permutations.js";
import * as text from "./text-noise.js";
import * as uni from "./unicode-noise.js";

export type ParamValue = number | string;

/** A perturbation's one parameter: its name as the docs write it, what it must be, its schema and default. */
interface ParamSpec<P extends ParamValue> {
  name: string;
  help: string;
  schema: z.ZodType<P>;
  default: P;
}

type SyncApply<P> = (item: PerturbItem, p: P, rng: Rng) => PerturbItem[];
type AsyncApply<P> = (item: PerturbItem, p: P, rng: Rng, paraphrase: Paraphraser) => Promise<PerturbItem[]>;

interface Definition<P extends ParamValue> {
  name: string;
  family: PerturbationFamily;
  summary: string;
  param: ParamSpec<P> | null;
  /** Several variants per item (choice orders, formats): each gets `#i` in its label. */
  multi: boolean;
  apply: { kind: "sync"; run: SyncApply<P> } | { kind: "async"; run: AsyncApply<P> };
}

/** A perturbation with its parameter fixed: what a spec list parses to. */
export type ParsedPerturbation = {
  name: string;
  family: PerturbationFamily;
  params: Record<string, ParamValue>;
  /** Canonical spec, `name` or `name:value` with the value the default filled in. */
  spec: string;
  multi: boolean;
} & (
  | { kind: "sync"; apply: (item: PerturbItem, rng: Rng) => PerturbItem[] }
  | { kind: "async"; apply: (item: PerturbItem, rng: Rng, paraphrase: Paraphraser) => Promise<PerturbItem[]> }
);

/** One row of the table, its parameter type erased behind `parse`. */
export interface Perturbation {
  name: string;
  family: PerturbationFamily;
  summary: string;
  param: { name: string; help: string; default: ParamValue } | null;
  /** Parses the text after `name:` (undefined when there is none); a bad value is a parse failure with the reason. */
  parse(raw: string | undefined): { ok: true; value: ParsedPerturbation } | { ok: false; reason: string };
}

function define<P extends ParamValue>(d: Definition<P>): Perturbation {
  return {
    name: d.name,
    family: d.family,
    summary: d.summary,
    param: d.param && { name: d.param.name, help: d.param.help, default: d.param.default },
    parse(raw) {
      const spec = d.param;
      if (spec === null) {
        if (raw !== undefined) return { ok: false, reason: `"${d.name}" takes no parameter (got "${d.name}:${raw}")` };
        return { ok: true, value: bind(d, null, {}, d.name) };
      }
      let value: P = spec.default;
      if (raw !== undefined) {
        const r = spec.schema.safeParse(raw.trim());
        if (!r.success || raw.trim() === "")
          return { ok: false, reason: `"${d.name}:${raw}": ${spec.name} must be ${spec.help}` };
        value = r.data;
      }
      return { ok: true, value: bind(d, value, { [spec.name]: value }, `${d.name}:${value}`) };
    },
  };
}

/** `value` is null exactly when the definition has no parameter, so P = null there. */
function bind<P extends ParamValue>(
  d: Definition<P>,
  value: P | null,
  params: Record<string, ParamValue>,
  spec: string,
): ParsedPerturbation {
  const base = { name: d.name, family: d.family, params, spec, multi: d.multi };
  const a = d.apply;
  // No-parameter definitions never read their parameter, so null stands in for it there.
  const p = value as P;
  if (a.kind === "sync") return { ...base, kind: "sync", apply: (item, rng) => a.run(item, p, rng) };
  return { ...base, kind: "async", apply: (item, rng, paraphrase) => a.run(item, p, rng, paraphrase) };
}

const probability = (fallback: number): ParamSpec<number> => ({
  name: "P",
  help: "a probability in [0, 1]",
  schema: z.coerce.number().min(0).max(1),
  default: fallback,
});
const oneOf = <const T extends string>(values: readonly [T, ...T[]], fallback: NoInfer<T>): ParamSpec<T> => ({
  name: "STYLE",
  help: `one of ${values.join(", ")}`,
  schema: z.enum(values),
  default: fallback,
});

function onQuestion<P extends ParamValue>(
  f: (q: string, p: P, rng: Rng) => string,
): { kind: "sync"; run: SyncApply<P> } {
  return { kind: "sync", run: (item, p, rng) => [{ ...item, question: f(item.question, p, rng) }] };
}

function withFormat<P extends string>(
  change: (f: PromptFormat, p: P, item: PerturbItem) => Partial<PerturbItem>,
): { kind: "sync"; run: SyncApply<P> } {
  return { kind: "sync", run: (item, p) => [{ ...item, ...change(item.format, p, item) }] };
}

const LABEL_STYLES = ["none", "plain", "upper", "markdown"] as const satisfies readonly LabelStyle[];
const OPTION_STYLES = [
  "letter",
  "letter-paren",
  "number",
  "lower-paren",
] as const satisfies readonly OptionLabelStyle[];
const SEPARATOR_NAMES = Object.keys(SEPARATORS) as [SeparatorName, ...SeparatorName[]];
/** `choice-order` gives every order up to this many options (6! − 1 = 719 variants); beyond, ask for K. */
const MAX_ALL_OPTIONS = 6;

/** Every perturbation, by name. Text noise applies to the question only: options are the gold's carriers, the instruction is the harness's. */
export const PERTURBATIONS: readonly Perturbation[] = [
  define({
    name: "typo",
    family: "char",
    summary: "each letter becomes a neighbouring QWERTY key with probability P",
    param: probability(0.05),
    multi: false,
    apply: onQuestion(text.typo),
  }),
  define({
    name: "misspelling",
    family: "word",
    summary: "each word in the built-in misspelling list is misspelt with probability P",
    param: probability(0.1),
    multi: false,
    apply: onQuestion(text.misspelling),
  }),
  define({
    name: "lowercase",
    family: "char",
    summary: "all letters lower case",
    param: null,
    multi: false,
    apply: onQuestion((q) => text.lowercase(q)),
  }),
  define({
    name: "uppercase",
    family: "char",
    summary: "all letters upper case",
    param: null,
    multi: false,
    apply: onQuestion((q) => text.uppercase(q)),
  }),
  define({
    name: "contraction",
    family: "word",
    summary: "expansions become contractions (do not → don't)",
    param: null,
    multi: false,
    apply: onQuestion((q) => text.contraction(q)),
  }),
  define({
    name: "expansion",
    family: "word",
    summary: "contractions become expansions (don't → do not)",
    param: null,
    multi: false,
    apply: onQuestion((q) => text.expansion(q)),
  }),
  define({
    name: "space",
    family: "char",
    summary: "each run of spaces between words becomes 1..MAX spaces",
    param: { name: "MAX", help: "a whole number ≥ 1", schema: z.coerce.number().int().min(1), default: 3 },
    multi: false,
    apply: onQuestion(text.space),
  }),
  define({
    name: "filler",
    family: "word",
    summary: "a filler (um, you know, basically…) inserted between words with probability P",
    param: probability(0.1),
    multi: false,
    apply: onQuestion(text.filler),
  }),
  define({
    name: "mild-mix",
    family: "word",
    summary: "HELM's mild_mix: lowercase, contractions, misspelling:0.1, space:3",
    param: null,
    multi: false,
    apply: onQuestion((q, _p, rng) => text.mildMix(q, rng)),
  }),
  define({
    name: "zero-width",
    family: "unicode",
    summary: "a zero-width character after a letter inside a word with probability P",
    param: probability(0.05),
    multi: false,
    apply: onQuestion(uni.zeroWidth),
  }),
  define({
    name: "homoglyph",
    family: "unicode",
    summary: "a Latin letter becomes its Cyrillic/Greek look-alike with probability P",
    param: probability(0.1),
    multi: false,
    apply: onQuestion(uni.homoglyph),
  }),
  define({
    name: "combining",
    family: "unicode",
    summary: "a combining mark after a letter with probability P",
    param: probability(0.05),
    multi: false,
    apply: onQuestion(uni.combining),
  }),
  define({
    name: "nbsp",
    family: "unicode",
    summary: "a space becomes a no-break space with probability P",
    param: probability(0.3),
    multi: false,
    apply: onQuestion(uni.nbsp),
  }),
  define({
    name: "unicode",
    family: "unicode",
    summary: "homoglyph:0.1, zero-width:0.05, combining:0.03, nbsp:0.2 in that order",
    param: null,
    multi: false,
    apply: onQuestion((q, _p, rng) => uni.unicodeMix(q, rng)),
  }),
  define({
    name: "separator",
    family: "format",
    summary: "the separator between instruction, question and options",
    param: {
      name: "STYLE",
      help: `one of ${SEPARATOR_NAMES.join(", ")}`,
      schema: z.enum(SEPARATOR_NAMES),
      default: "newline",
    },
    multi: false,
    apply: withFormat((f, p: SeparatorName) => ({ format: { ...f, separator: SEPARATORS[p] } })),
  }),
  define({
    name: "labels",
    family: "format",
    summary: "field labels (Question:, Options:, Instruction:) in a style",
    param: oneOf(LABEL_STYLES, "plain"),
    multi: false,
    apply: withFormat((f, p: LabelStyle) => ({ format: { ...f, labels: p } })),
  }),
  define({
    name: "option-labels",
    family: "format",
    summary: "option labels A. / (A) / 1. / (a)",
    param: oneOf(OPTION_STYLES, "number"),
    multi: false,
    apply: withFormat((f, p: OptionLabelStyle) => ({ format: { ...f, optionLabels: p } })),
  }),
  define({
    name: "instruction",
    family: "format",
    summary: "the instruction before or after the question",
    param: oneOf(["before", "after"], "before"),
    multi: false,
    apply: withFormat((f, p: "before" | "after") => ({ format: { ...f, instruction: p } })),
  }),
  define({
    name: "system",
    family: "format",
    summary: "the system prompt sent (on: the item's, or a generic one) or not (off)",
    param: oneOf(["on", "off"], "off"),
    multi: false,
    apply: withFormat((f, p: "on" | "off", item) =>
      p === "on"
        ? { format: { ...f, system: true }, system: item.system ?? GENERIC_SYSTEM }
        : { format: { ...f, system: false } },
    ),
  }),
  define({
    name: "format",
    family: "format",
    summary: "the first K of the documented format variants",
    param: {
      name: "K",
      help: `a whole number from 1 to ${FORMAT_VARIANTS.length}`,
      schema: z.coerce.number().int().min(1).max(FORMAT_VARIANTS.length),
      default: FORMAT_VARIANTS.length,
    },
    multi: true,
    apply: {
      kind: "sync",
      run: (item, k) => FORMAT_VARIANTS.slice(0, k).map((v) => ({ ...item, format: { ...item.format, ...v } })),
    },
  }),
  define({
    name: "distractor",
    family: "content",
    summary: "an irrelevant sentence inserted at a sentence boundary",
    param: null,
    multi: false,
    apply: { kind: "sync", run: (item, _p, rng) => [distractor(item, rng)] },
  }),
  define({
    name: "choice-order",
    family: "content",
    summary: "the options reordered (every order, or K seeded ones), the gold following its option",
    param: {
      name: "K",
      help: `"all" or a whole number ≥ 1`,
      schema: z.union([z.literal("all"), z.coerce.number().int().min(1)]),
      default: "all",
    },
    multi: true,
    apply: {
      kind: "sync",
      run: (item, k, rng) => {
        const n = item.options.length;
        if (k === "all" && n > MAX_ALL_OPTIONS)
          throw new UserError(
            `choice-order:all on ${n} options would give ${reorderingCount(n)} variants; use choice-order:K`,
          );
        const orders = k === "all" ? allReorderings(n) : seededReorderings(n, k, rng);
        return orders.map((o) => reorder(item, o));
      },
    },
  }),
  define({
    name: "injection",
    family: "content",
    summary: "an instruction to ignore the question appended to it; the gold is unchanged",
    param: null,
    multi: false,
    apply: { kind: "sync", run: (item, _p, rng) => [injection(item, rng)] },
  }),
  define({
    name: "paraphrase",
    family: "paraphrase",
    summary: "the question rewritten by a second model (needs a paraphraser)",
    param: null,
    multi: false,
    apply: { kind: "async", run: async (item, _p, rng, paraphrase) => [await paraphraseItem(item, rng, paraphrase)] },
  }),
];
