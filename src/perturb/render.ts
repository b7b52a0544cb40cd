import type { LabelStyle, OptionLabelStyle, PerturbItem } from "./item.js";

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** The label of option `i` (0-based) in a style: "A", "(A)", "1", "(a)" as written before the option. */
export function optionLabel(style: OptionLabelStyle, i: number): string {
  const letter = UPPER.charAt(i);
  switch (style) {
    case "letter":
      return `${letter}.`;
    case "letter-paren":
      return `(${letter})`;
    case "number":
      return `${i + 1}.`;
    case "lower-paren":
      return `(${letter.toLowerCase()})`;
  }
}

/** What a model should answer for option `i` in a style: the label without its punctuation ("B", "2", "b"). */
export function answerLabel(style: OptionLabelStyle, i: number): string {
  return optionLabel(style, i).replace(/[().]/g, "");
}

/** The gold option's answer label in the item's own format, or null when the item is not multiple choice. */
export function goldLabel(item: PerturbItem): string | null {
  return item.gold?.kind === "choice" ? answerLabel(item.format.optionLabels, item.gold.index) : null;
}

/** The option text the model chose, by index in this item's own option order (what permutation consistency compares). */
export function chosenOption(item: PerturbItem, index: number | null): string | null {
  return index === null ? null : (item.options[index] ?? null);
}

/** A field with its label; a `block` body (the option lines) starts on the line after the label. */
function label(style: LabelStyle, field: string, body: string, block = false): string {
  const gap = block ? "\n" : " ";
  switch (style) {
    case "none":
      return body;
    case "plain":
      return `${field}:${gap}${body}`;
    case "upper":
      return `${field.toUpperCase()}:${gap}${body}`;
    case "markdown":
      return `### ${field}\n${body}`;
  }
}

/** The item as a system prompt (null when none is sent) and one user message, laid out by its format. */
export function renderItem(item: PerturbItem): { system: string | null; user: string } {
  const f = item.format;
  const parts: string[] = [label(f.labels, "Question", item.question)];
  if (item.options.length > 0) {
    const lines = item.options.map((o, i) => `${optionLabel(f.optionLabels, i)} ${o}`).join("\n");
    parts.push(label(f.labels, "Options", lines, true));
  }
  if (item.instruction !== null) {
    const instruction = label(f.labels, "Instruction", item.instruction);
    if (f.instruction === "before") parts.unshift(instruction);
    else parts.push(instruction);
  }
  return { system: f.system ? item.system : null, user: parts.join(f.separator) };
}
