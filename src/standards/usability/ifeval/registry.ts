// The 25 verifiable instructions of IFEval (Zhou et al. 2023), one line each: the kwargs
// schema and the check. Adding an instruction is one entry here plus its rule in
// docs/usability.md. Kwargs schemas are strict: the reference would pick a random value for a
// missing kwarg, which would make a score unrepeatable, so a missing or malformed one is an error.
import { z } from "zod";
import { UserError } from "../../../errors.js";
import { compare, hasKeywords, hasNoForbiddenWords, keywordCount, letterCount } from "./checks-keywords.js";
import {
  countBullets,
  countHighlights,
  countPlaceholders,
  countSections,
  countStarParagraphs,
  hasConstrainedAnswer,
  hasPostscript,
  hasTitle,
  isJson,
  nthParagraphFirstWord,
} from "./checks-format.js";
import { endsWithPhrase, hasNoComma, hasTwoResponses, isQuoted, repeatsPrompt } from "./checks-text.js";
import { detectLanguage } from "./language.js";
import { pyIsLower, pyIsUpper, pyStrip } from "./py-text.js";
import { countSentences } from "./sentences.js";
import { countCapitalWords, countWords } from "./words.js";

/** A check bound to its validated kwargs: the response (or a loose variant of it) in, the verdict out. */
export type BoundCheck = (response: string) => boolean;

export interface Instruction {
  /** The part of the id before ":" (keywords, length_constraints, ...). */
  group: string;
  schema: z.ZodType;
  /** Validates `kwargs` (throws a UserError naming `id`) and returns the check bound to them. */
  bind(id: string, kwargs: unknown, prompt: string): BoundCheck;
}

const count = z.number().int().nonnegative();
const positive = z.number().int().positive();
const relation = z.enum(["less than", "at least"]);
const text = z.string().refine((s) => pyStrip(s) !== "", "must not be blank");
const none = z.strictObject({});

/** Undetectable language counts as followed, as in the reference (langdetect raising). */
const inLanguage = (response: string, lang: string): boolean => {
  const found = detectLanguage(response);
  return found === null || found === lang;
};

function instruction<S extends z.ZodType>(
  schema: S,
  check: (response: string, kwargs: z.infer<S>, prompt: string) => boolean,
): Omit<Instruction, "group"> {
  return {
    schema,
    bind(id, kwargs, prompt) {
      const parsed = schema.safeParse(dropNulls(kwargs));
      if (!parsed.success)
        throw new UserError(
          `IFEval instruction "${id}": bad kwargs ${JSON.stringify(kwargs)}: ${z.prettifyError(parsed.error).replace(/\n/g, "; ")}`,
        );
      const k = parsed.data;
      return (response) => check(response, k, prompt);
    },
  };
}

// The Hugging Face copy of the dataset lists every kwarg of every instruction with null for the
// unused ones; the reference (via lm-eval-harness) drops those before building the instruction.
function dropNulls(kwargs: unknown): unknown {
  if (kwargs === null || kwargs === undefined) return {};
  if (typeof kwargs !== "object" || Array.isArray(kwargs)) return kwargs;
  return Object.fromEntries(Object.entries(kwargs).filter(([, v]) => v !== null));
}

const TABLE: Record<string, Omit<Instruction, "group">> = {
  "keywords:existence": instruction(z.strictObject({ keywords: z.array(text).min(1) }), (r, k) =>
    hasKeywords(r, k.keywords),
  ),
  "keywords:frequency": instruction(z.strictObject({ keyword: text, frequency: count, relation }), (r, k) =>
    compare(keywordCount(r, pyStrip(k.keyword)), k.relation, k.frequency),
  ),
  "keywords:forbidden_words": instruction(z.strictObject({ forbidden_words: z.array(text).min(1) }), (r, k) =>
    hasNoForbiddenWords(r, k.forbidden_words),
  ),
  "keywords:letter_frequency": instruction(
    z.strictObject({ letter: z.string().length(1), let_frequency: count, let_relation: relation }),
    (r, k) => compare(letterCount(r, k.letter.toLowerCase()), k.let_relation, k.let_frequency),
  ),
  "language:response_language": instruction(
    z.strictObject({ language: z.string().regex(/^[a-z]{2,3}$/u, "an ISO 639-1 code such as en") }),
    (r, k) => inLanguage(r, k.language),
  ),
  "length_constraints:number_sentences": instruction(z.strictObject({ num_sentences: count, relation }), (r, k) =>
    compare(countSentences(r), k.relation, k.num_sentences),
  ),
  "length_constraints:number_paragraphs": instruction(
    z.strictObject({ num_paragraphs: count }),
    (r, k) => countStarParagraphs(r) === k.num_paragraphs,
  ),
  "length_constraints:number_words": instruction(z.strictObject({ num_words: count, relation }), (r, k) =>
    compare(countWords(r), k.relation, k.num_words),
  ),
  "length_constraints:nth_paragraph_first_word": instruction(
    z
      .strictObject({ num_paragraphs: positive, nth_paragraph: positive, first_word: text })
      .refine((k) => k.nth_paragraph <= k.num_paragraphs, "nth_paragraph must be at most num_paragraphs"),
    (r, k) => nthParagraphFirstWord(r, k.num_paragraphs, k.nth_paragraph, k.first_word),
  ),
  "detectable_content:number_placeholders": instruction(
    z.strictObject({ num_placeholders: count }),
    (r, k) => countPlaceholders(r) >= k.num_placeholders,
  ),
  "detectable_content:postscript": instruction(z.strictObject({ postscript_marker: text }), (r, k) =>
    hasPostscript(r, pyStrip(k.postscript_marker)),
  ),
  "detectable_format:number_bullet_lists": instruction(
    z.strictObject({ num_bullets: count }),
    (r, k) => countBullets(r) === k.num_bullets,
  ),
  "detectable_format:constrained_response": instruction(none, (r) => hasConstrainedAnswer(r)),
  "detectable_format:number_highlighted_sections": instruction(
    z.strictObject({ num_highlights: count }),
    (r, k) => countHighlights(r) >= k.num_highlights,
  ),
  "detectable_format:multiple_sections": instruction(
    z.strictObject({ section_spliter: text, num_sections: count }),
    (r, k) => countSections(r, pyStrip(k.section_spliter)) >= k.num_sections,
  ),
  "detectable_format:json_format": instruction(none, (r) => isJson(r)),
  "detectable_format:title": instruction(none, (r) => hasTitle(r)),
  "combination:two_responses": instruction(none, (r) => hasTwoResponses(r)),
  "combination:repeat_prompt": instruction(z.strictObject({ prompt_to_repeat: text }), (r, k) =>
    repeatsPrompt(r, k.prompt_to_repeat),
  ),
  "startend:end_checker": instruction(z.strictObject({ end_phrase: text }), (r, k) => endsWithPhrase(r, k.end_phrase)),
  "change_case:capital_word_frequency": instruction(
    z.strictObject({ capital_frequency: count, capital_relation: relation }),
    (r, k) => compare(countCapitalWords(r), k.capital_relation, k.capital_frequency),
  ),
  "change_case:english_capital": instruction(none, (r) => pyIsUpper(r) && inLanguage(r, "en")),
  "change_case:english_lowercase": instruction(none, (r) => pyIsLower(r) && inLanguage(r, "en")),
  "punctuation:no_comma": instruction(none, (r) => hasNoComma(r)),
  "startend:quotation": instruction(none, (r) => isQuoted(r)),
};

/** Every instruction by id, with its group. */
export const IFEVAL_INSTRUCTIONS: Readonly<Record<string, Instruction>> = Object.fromEntries(
  Object.entries(TABLE).map(([id, e]) => [id, { ...e, group: id.split(":")[0] ?? id }]),
);

/** The instruction for `id`, or a UserError naming it. */
export function ifevalInstruction(id: string): Instruction {
  const found = Object.hasOwn(IFEVAL_INSTRUCTIONS, id) ? IFEVAL_INSTRUCTIONS[id] : undefined;
  if (!found)
    throw new UserError(`unknown IFEval instruction "${id}" (known: ${Object.keys(IFEVAL_INSTRUCTIONS).join(", ")})`);
  return found;
}
