// The loose mode of the reference (evaluation_lib.test_instruction_following_loose): the
// response with its first line, last line or both removed, and each of those four with every
// "*" deleted. Only the removed-line variants are stripped of surrounding whitespace there.
import { pyStrip } from "./py-text.js";

/** The eight loose variants, the response itself first. */
export function looseVariants(response: string): string[] {
  const lines = response.split("\n");
  const removeFirst = pyStrip(lines.slice(1).join("\n"));
  const removeLast = pyStrip(lines.slice(0, -1).join("\n"));
  const removeBoth = pyStrip(lines.slice(1, -1).join("\n"));
  const base = [response, removeFirst, removeLast, removeBoth];
  return [...base, ...base.map((v) => v.replaceAll("*", ""))];
}

/**
 * Whether a check passes on one text as the reference judges it: a text that is blank once
 * stripped never passes, whatever the check (so "no commas" or "no forbidden words" cannot be
 * met by an empty answer or an emptied variant).
 */
export function passes(check: (text: string) => boolean, text: string): boolean {
  return pyStrip(text) !== "" && check(text);
}
