// startend:*, combination:*, punctuation:no_comma — plain string tests on the response.
import { pyStrip, pyStripChars } from "./py-text.js";

/** combination:two_responses — exactly two non-blank, different parts around "******"; a blank part is allowed only first or last. */
export function hasTwoResponses(response: string): boolean {
  const parts = response.split("******");
  const valid: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? "";
    if (pyStrip(part) !== "") valid.push(part);
    else if (i !== 0 && i !== parts.length - 1) return false;
  }
  const [a, b] = valid;
  return valid.length === 2 && a !== undefined && b !== undefined && pyStrip(a) !== pyStrip(b);
}

/** combination:repeat_prompt — the response begins with the prompt to repeat (both stripped, any case). */
export function repeatsPrompt(response: string, promptToRepeat: string): boolean {
  return pyStrip(response).toLowerCase().startsWith(pyStrip(promptToRepeat).toLowerCase());
}

/** startend:end_checker — the response, stripped of spaces then of double quotes, ends with the phrase (any case). */
export function endsWithPhrase(response: string, phrase: string): boolean {
  return pyStripChars(pyStrip(response), '"').toLowerCase().endsWith(pyStrip(phrase).toLowerCase());
}

/** startend:quotation — the stripped response is at least two characters and starts and ends with `"`. */
export function isQuoted(response: string): boolean {
  const v = [...pyStrip(response)];
  return v.length > 1 && v[0] === '"' && v[v.length - 1] === '"';
}

/** punctuation:no_comma — no ASCII comma anywhere. */
export function hasNoComma(response: string): boolean {
  return !response.includes(",");
}
