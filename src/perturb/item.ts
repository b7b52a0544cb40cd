/** How a structured item is laid out as a prompt; format perturbations change only this. */
export interface PromptFormat {
  /** Between the parts of the user message (instruction, question, options). */
  separator: string;
  /** Field labels before the question, the options and the instruction. */
  labels: LabelStyle;
  optionLabels: OptionLabelStyle;
  instruction: "before" | "after";
  /** Whether the item's system prompt is sent. */
  system: boolean;
}

export type LabelStyle = "none" | "plain" | "upper" | "markdown";
/** `letter` A. B. …, `letter-paren` (A) (B) …, `number` 1. 2. …, `lower-paren` (a) (b) … */
export type OptionLabelStyle = "letter" | "letter-paren" | "number" | "lower-paren";

/** The layout of the item as written: what existing multiple-choice templates render (question, blank line, "A. …" lines, instruction after). */
export const DEFAULT_FORMAT: PromptFormat = {
  separator: "\n\n",
  labels: "none",
  optionLabels: "letter",
  instruction: "after",
  system: true,
};

/** The gold answer, in the form perturbations can act on: an option index follows its option when options move. */
export type Gold = { kind: "choice"; index: number } | { kind: "text"; value: string };

/**
 * One item as the model will see it, before rendering. `question` is the user-facing text (the whole
 * prompt for free-text items); `options` is empty unless the item is multiple choice.
 */
export interface PerturbItem {
  question: string;
  options: string[];
  instruction: string | null;
  system: string | null;
  gold: Gold | null;
  format: PromptFormat;
}

/** What a variant is, for the record: enough to rebuild it from the original item. */
export interface PerturbationDescription {
  name: string;
  family: PerturbationFamily;
  params: Record<string, number | string>;
  seed: number;
  /** Which of a multi-variant perturbation's variants (choice orders, formats); 0 for single-variant ones. */
  variant: number;
  /** Unique within an item: the spec as written, plus `#variant` when the perturbation has several. */
  label: string;
}

export type PerturbationFamily = "char" | "word" | "unicode" | "format" | "content" | "paraphrase";

/** A perturbed item and how it was made. */
export interface PerturbedItem {
  item: PerturbItem;
  description: PerturbationDescription;
}

/** A free-text item in the default format. */
export function textItem(text: string, gold: Gold | null = null): PerturbItem {
  return { question: text, options: [], instruction: null, system: null, gold, format: DEFAULT_FORMAT };
}
