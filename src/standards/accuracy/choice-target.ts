import { normalizeText } from "./normalize.js";

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** The option whose text is `s`: exactly, else trimmed, else the only one equal after SQuAD normalisation; -1 when none. */
function optionIndexByText(s: string, choices: readonly string[]): number {
  const exact = choices.indexOf(s);
  if (exact >= 0) return exact;
  const trimmed = choices.findIndex((c) => c.trim() === s);
  if (trimmed >= 0) return trimmed;
  const n = normalizeText(s);
  const loose = choices.flatMap((c, i) => (n !== "" && normalizeText(c) === n ? [i] : []));
  return loose.length === 1 ? (loose[0] ?? -1) : -1;
}

/** What a multiple-choice target names: an option's letter, or why it names none. */
export type TargetLetter = { letter: string } | { problem: string };

/**
 * The option a target names, among `choices`: a letter ("B", "b"), a 0-based index (the number 1,
 * or the string "1", as CSV cells are text), or an option's exact text. A string that is both an
 * option's text and the index of another option is ambiguous, and names none.
 */
export function targetLetter(t: string | number, choices: readonly string[]): TargetLetter {
  const n = choices.length;
  if (n === 0) return { problem: "the item has no choices" };
  const valid = LETTERS.slice(0, n);
  if (typeof t === "number")
    return Number.isInteger(t) && t >= 0 && t < n
      ? { letter: valid[t] ?? "" }
      : { problem: `index ${t} is not one of the ${n} options (0-based)` };
  const s = t.trim();
  const byText = optionIndexByText(s, choices);
  if (/^[A-Za-z]$/.test(s) && byText < 0) {
    const k = valid.indexOf(s.toUpperCase());
    return k >= 0
      ? { letter: valid[k] ?? "" }
      : { problem: `letter ${s} is not one of the ${n} options ${valid[0]}–${valid.at(-1)}` };
  }
  const index = /^\d+$/.test(s) ? Number(s) : -1;
  if (byText >= 0 && index >= 0 && index < n && index !== byText)
    return {
      problem: `"${s}" is the text of option ${valid[byText]} and the 0-based index of option ${valid[index]}: write the letter`,
    };
  if (byText >= 0) return { letter: valid[byText] ?? "" };
  if (index >= 0 && index < n) return { letter: valid[index] ?? "" };
  return { problem: `"${s}" is not a letter ${valid[0]}–${valid.at(-1)}, a 0-based index or an option's text` };
}
