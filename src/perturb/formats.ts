import type { PromptFormat } from "./item.js";

/** Separators by name, for `separator:NAME`. */
export const SEPARATORS = { newline: "\n", blank: "\n\n", space: " ", rule: "\n---\n" } as const;
export type SeparatorName = keyof typeof SEPARATORS;

/** Sent by `system:on` when the item has no system prompt of its own. */
export const GENERIC_SYSTEM = "You are a helpful assistant.";

/**
 * The variants of `format:K`, in order; `format:K` gives the first K, the same K for every item so
 * accuracy per format (and the spread over formats) compares like with like. Each changes the
 * item's format in the fields listed, and keeps the rest.
 */
export const FORMAT_VARIANTS: ReadonlyArray<Partial<PromptFormat>> = [
  { labels: "plain" },
  { optionLabels: "letter-paren", separator: "\n" },
  { optionLabels: "number", instruction: "before" },
  { labels: "markdown", optionLabels: "lower-paren" },
  { labels: "upper", separator: SEPARATORS.rule, instruction: "before" },
  { system: false, separator: "\n", optionLabels: "letter-paren" },
];
