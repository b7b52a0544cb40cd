import { z } from "zod";
import type { ValidateFunction } from "ajv";
import { isBlank } from "../blank.js";
import { checkSchema, compileSchema } from "../json-schema.js";
import { jsonCandidates } from "../json-value.js";
import { whitespaceTokens } from "../tokens.js";
import { countListItems, countTables } from "./markdown.js";
import { DETECTABLE_LANGUAGES, detectLanguage, LANGUAGE_DETECTOR } from "../ifeval/language.js";
import { countCharacters, countSentences, fleschKincaidGrade } from "./text-stats.js";

/** What a checker may know besides the text; `tokens` is the output token count when the caller has one. */
export interface CheckContext {
  tokens?: number | null;
}

/** A strict verdict: the response meets the constraint or it does not; "n/a" only when it cannot be judged, with the reason. */
export type Verdict = { verdict: "pass" | "fail"; detail: string } | { verdict: "n/a"; detail: string };

type Check<P> = (text: string, params: P, ctx: CheckContext) => Verdict;

export interface ConstraintEntry {
  /** The zod schema of the constraint's parameters (everything in the spec except `type`). */
  schema: z.ZodType;
  /** Parses raw parameters and binds them to the check. */
  bind(
    raw: unknown,
  ):
    | { ok: true; params: unknown; check: (text: string, ctx: CheckContext) => Verdict }
    | { ok: false; error: z.ZodError };
}

function entry<P>(schema: z.ZodType<P>, check: Check<P>): ConstraintEntry {
  return {
    schema,
    bind(raw) {
      const r = schema.safeParse(raw);
      if (!r.success) return { ok: false, error: r.error };
      const params = r.data;
      return { ok: true, params, check: (text, ctx) => check(text, params, ctx) };
    },
  };
}

const count = z.number().int().nonnegative();

const minMax = { min: count.optional(), max: count.optional() };
const gradeMinMax = { min: z.number().optional(), max: z.number().optional() };

/** At least one of min and max, and min ≤ max. */
function bounded<T extends { min?: number | undefined; max?: number | undefined }>(schema: z.ZodType<T>): z.ZodType<T> {
  return schema
    .refine((p) => p.min !== undefined || p.max !== undefined, { message: "give min, max or both" })
    .refine((p) => p.min === undefined || p.max === undefined || p.min <= p.max, {
      message: "min is greater than max",
    });
}

function within(value: number, what: string, b: { min?: number | undefined; max?: number | undefined }): Verdict {
  const low = b.min === undefined || value >= b.min;
  const high = b.max === undefined || value <= b.max;
  const range = [b.min === undefined ? null : `min ${b.min}`, b.max === undefined ? null : `max ${b.max}`]
    .filter((x) => x !== null)
    .join(", ");
  return { verdict: low && high ? "pass" : "fail", detail: `${what} (${range})` };
}

const pass = (detail: string): Verdict => ({ verdict: "pass", detail });
const fail = (detail: string): Verdict => ({ verdict: "fail", detail });
const judge = (ok: boolean, detail: string): Verdict => (ok ? pass(detail) : fail(detail));

/** Unicode-normalised, and case-folded when asked — applied to both sides of every comparison. */
const fold = (s: string, caseSensitive: boolean): string =>
  caseSensitive ? s.normalize("NFC") : s.normalize("NFC").toLowerCase();

const phrases = z.array(z.string().min(1)).min(1);
const jsonMode = z.enum(["is", "contains"]).default("is");
const URL_PATTERN = /\b(?:https?|ftp):\/\/\S+|\bwww\.\S+/iu;

/**
 * Every verifiable constraint a task YAML may name: `type` → parameter schema and check. Adding one
 * is one entry here plus its paragraph in docs/usability-metrics.md.
 */
export const CONSTRAINTS = {
  length: entry(
    bounded(z.strictObject({ unit: z.enum(["words", "sentences", "characters", "tokens"]), ...minMax })),
    (text, p, ctx) => {
      if (p.unit === "tokens") {
        if (typeof ctx.tokens !== "number")
          return { verdict: "n/a", detail: "no output token count for this response" };
        return within(ctx.tokens, `${ctx.tokens} tokens`, p);
      }
      const n =
        p.unit === "words"
          ? whitespaceTokens(text).length
          : p.unit === "sentences"
            ? countSentences(text)
            : countCharacters(text);
      return within(n, `${n} ${p.unit}`, p);
    },
  ),
  contains: entry(
    z.strictObject({
      phrases,
      match: z.enum(["all", "any"]).default("all"),
      case_sensitive: z.boolean().default(false),
    }),
    (text, p) => {
      const t = fold(text, p.case_sensitive);
      const missing = p.phrases.filter((x) => !t.includes(fold(x, p.case_sensitive)));
      const ok = p.match === "all" ? missing.length === 0 : missing.length < p.phrases.length;
      return judge(
        ok,
        missing.length === 0 ? "all phrases present" : `missing: ${missing.map((m) => JSON.stringify(m)).join(", ")}`,
      );
    },
  ),
  not_contains: entry(z.strictObject({ phrases, case_sensitive: z.boolean().default(false) }), (text, p) => {
    const t = fold(text, p.case_sensitive);
    const found = p.phrases.filter((x) => t.includes(fold(x, p.case_sensitive)));
    return judge(
      found.length === 0,
      found.length === 0 ? "none present" : `found: ${found.map((m) => JSON.stringify(m)).join(", ")}`,
    );
  }),
  regex: entry(
    z
      .strictObject({
        pattern: z.string().min(1),
        flags: z
          .string()
          .regex(/^[imsu]*$/, "flags may only be i, m, s, u")
          .default(""),
        must_match: z.boolean().default(true),
      })
      .transform((p, ctx) => {
        try {
          return { ...p, re: new RegExp(p.pattern, p.flags) };
        } catch (e) {
          ctx.addIssue({
            code: "custom",
            path: ["pattern"],
            message: `not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`,
          });
          return z.NEVER;
        }
      }),
    (text, p) => {
      const matched = p.re.test(text);
      return judge(matched === p.must_match, matched ? `matches /${p.pattern}/` : `does not match /${p.pattern}/`);
    },
  ),
  starts_with: entry(
    z.strictObject({ text: z.string().min(1), case_sensitive: z.boolean().default(true) }),
    (text, p) =>
      judge(
        fold(text.trimStart(), p.case_sensitive).startsWith(fold(p.text, p.case_sensitive)),
        `starts with ${JSON.stringify(Array.from(text.trimStart()).slice(0, 40).join(""))}`,
      ),
  ),
  ends_with: entry(z.strictObject({ text: z.string().min(1), case_sensitive: z.boolean().default(true) }), (text, p) =>
    judge(
      fold(text.trimEnd(), p.case_sensitive).endsWith(fold(p.text, p.case_sensitive)),
      `ends with ${JSON.stringify(Array.from(text.trimEnd()).slice(-40).join(""))}`,
    ),
  ),
  casing: entry(z.strictObject({ case: z.enum(["lower", "upper"]) }), (text, p) => {
    const offending = p.case === "lower" ? text.match(/[\p{Lu}\p{Lt}]/u) : text.match(/\p{Ll}/u);
    return judge(
      offending === null,
      offending === null
        ? `no ${p.case === "lower" ? "upper" : "lower"}-case letter`
        : `has ${JSON.stringify(offending[0])}`,
    );
  }),
  json: entry(z.strictObject({ mode: jsonMode }), (text, p) => {
    const ok = jsonCandidates(text, p.mode).length > 0;
    return judge(
      ok,
      ok ? (p.mode === "is" ? "is JSON" : "contains JSON") : p.mode === "is" ? "is not JSON" : "contains no JSON",
    );
  }),
  json_schema: entry(
    z
      .strictObject({ schema: z.union([z.record(z.string(), z.unknown()), z.boolean()]), mode: jsonMode })
      .transform((p, ctx): { schema: unknown; mode: "is" | "contains"; validate: ValidateFunction } => {
        const c = compileSchema(p.schema);
        if (!c.ok) {
          ctx.addIssue({ code: "custom", path: ["schema"], message: `not a usable JSON Schema: ${c.error}` });
          return z.NEVER;
        }
        return { ...p, validate: c.validate };
      }),
    (text, p) => {
      const values = jsonCandidates(text, p.mode);
      if (values.length === 0) return fail(p.mode === "is" ? "is not JSON" : "contains no JSON");
      const checks = values.map((v) => checkSchema(p.validate, v));
      const firstErrors = checks.find((c) => !c.valid);
      if (checks.some((c) => c.valid)) return pass("valid under the schema");
      return fail(firstErrors !== undefined && !firstErrors.valid ? firstErrors.errors.join("; ") : "invalid");
    },
  ),
  markdown_tables: entry(bounded(z.strictObject(minMax)), (text, p) => {
    const n = countTables(text);
    return within(n, `${n} tables`, p);
  }),
  markdown_list_items: entry(
    bounded(z.strictObject({ kind: z.enum(["any", "bullet", "numbered"]).default("any"), ...minMax })),
    (text, p) => {
      const n = countListItems(text, p.kind);
      return within(n, `${n} ${p.kind === "any" ? "" : `${p.kind} `}list items`, p);
    },
  ),
  no_urls: entry(z.strictObject({}), (text) => {
    const m = URL_PATTERN.exec(text);
    return judge(m === null, m === null ? "no URL" : `has URL ${m[0]}`);
  }),
  reading_level: entry(bounded(z.strictObject(gradeMinMax)), (text, p) => {
    if (isBlank(text)) return { verdict: "n/a", detail: "empty response: no reading level" };
    const r = fleschKincaidGrade(text);
    if (r.grade === null) return { verdict: "n/a", detail: `reading level undefined: ${r.reason}` };
    return within(r.grade, `Flesch–Kincaid grade ${r.grade.toFixed(2)}`, p);
  }),
  // The detector IFEval's checkers use (and measured against langdetect on IFEval's responses).
  language: entry(
    z.strictObject({
      language: z.string().refine((code) => DETECTABLE_LANGUAGES.has(code), {
        message: `not an ISO 639-1 code ${LANGUAGE_DETECTOR} can detect; one of ${[...DETECTABLE_LANGUAGES].sort().join(", ")}`,
      }),
    }),
    (text, p) => {
      const found = detectLanguage(text);
      if (found === null) return { verdict: "n/a", detail: "no letters to detect a language from" };
      return judge(found === p.language, `detected ${found} (${LANGUAGE_DETECTOR})`);
    },
  ),
} satisfies Record<string, ConstraintEntry>;

export type ConstraintType = keyof typeof CONSTRAINTS;
export const CONSTRAINT_TYPES = Object.keys(CONSTRAINTS) as ConstraintType[];
