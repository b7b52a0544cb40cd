/**
 * Numbers as models write them, found in running text. One lexer serves answer extraction and
 * the normalisation of targets, so an answer and its target are always read the same way.
 *
 * Rules (docs/eval.md, "Numbers"):
 * - a minus sign is `-` or U+2212 directly followed by a digit (or `$5`, `.5`) and not preceded
 *   by a letter, digit or closing bracket; any other dash is punctuation ("- 12" is a bullet and 12);
 * - thousands are grouped by commas, or by a space, thin space or no-break space (LaTeX `\,`,
 *   `{,}`), in groups of exactly three digits ("1,000", "1 000");
 * - `$ € £ ¥ ₹` before and `%` after are dropped; "thousand", "million", "billion" scale;
 * - scientific notation `2.5e-3` and `2.5 × 10^-3` and powers `10^3` are parsed;
 * - fractions `\frac{1}{2}` (also `\dfrac`, `\tfrac`), `1/2` and mixed `3 1/2`, `3\frac{1}{2}` are
 *   parsed to their value; a zero denominator is no number.
 */

/** A number found in a text: its span and value. */
export interface NumberToken {
  start: number;
  end: number;
  value: number;
}

const SIGN = String.raw`(?:(?<![\p{L}\p{N}.)\]}])[-\u2212](?=[$€£¥₹]?\.?\d|\\[dt]?frac))?`;
const CUR = String.raw`(?:[$€£¥₹]\s?)?`;
const GROUPED = String.raw`\d{1,3}(?:,\d{3})+(?![\d,]\d)|\d{1,3}(?:(?:[ \u00A0\u2009\u202F]|\\[,;]|\{,\})\d{3})+(?!\d)`;
const UNSIGNED = String.raw`(?:${GROUPED}|\d+)(?:\.\d+)?|\.\d+`;
const EXPONENT = String.raw`(?:[eE][-+\u2212]?\d+(?!\p{L})|\s?[×x*·]\s?10\^\{?[-+\u2212]?\d+\}?|\^\{?[-+\u2212]?\d+\}?)?`;
const LATEX_FRAC = String.raw`\\[dt]?frac\s*\{\s*(\d+(?:\.\d+)?)\s*\}\s*\{\s*(\d+(?:\.\d+)?)\s*\}`;
const PLAIN_FRAC = String.raw`(\d+)\/(\d+)(?![\d/])`;
const SCALE = String.raw`(?:\s+(thousand|million|billion)\b)?`;

// Alternatives in priority order: LaTeX fractions (mixed or not), mixed and plain fractions, decimals.
const NUMBER_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}_/.])(${SIGN})(${CUR})(?:(?:(\d+)\s?)?${LATEX_FRAC}|(?:(\d+)\s)?(?<![\d/])${PLAIN_FRAC}|(${UNSIGNED})(${EXPONENT}))${SCALE}`,
  "gu",
);

const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9 };

function plain(s: string): number {
  return Number(s.replace(/\\[,;]|\{,\}|[,\s\u00A0\u2009\u202F]/g, "").replace(/\u2212/g, "-"));
}

/** The value of a mantissa with its exponent part: `e-3` and `× 10^-3` scale by ten, `^3` is a power. */
function withExponent(mantissa: number, e: string): number {
  if (!e) return mantissa;
  const digits = /[-+\u2212]?\d+/.exec(e.includes("^") ? e.slice(e.indexOf("^")) : e.slice(1));
  if (!digits) return mantissa;
  const k = plain(digits[0]);
  return e.startsWith("^") ? mantissa ** k : mantissa * 10 ** k;
}

/** Every number in `text`, in order. */
export function numbersIn(text: string): NumberToken[] {
  const out: NumberToken[] = [];
  for (const m of text.matchAll(NUMBER_RE)) {
    const [whole, sign, , texWhole, texNum, texDen, mixWhole, fracNum, fracDen, dec, exp, scale] = m;
    let value: number;
    if (texNum !== undefined && texDen !== undefined)
      value = (texWhole ? plain(texWhole) : 0) + plain(texNum) / plain(texDen);
    else if (fracNum !== undefined && fracDen !== undefined)
      value = (mixWhole ? plain(mixWhole) : 0) + plain(fracNum) / plain(fracDen);
    else value = withExponent(plain(dec ?? ""), exp ?? "");
    if (scale) value *= SCALES[scale] ?? 1;
    if (sign) value = -value;
    // A zero denominator or an overflow is not a number anyone meant.
    if (!Number.isFinite(value)) continue;
    out.push({ start: m.index, end: m.index + whole.length, value });
  }
  return out;
}

/** A value as a canonical decimal string ("1234.5", "-3", "0.5"); -0 is "0". */
export function formatNumber(value: number): string {
  if (Object.is(value, -0)) return "0";
  // Fractions and scaled decimals carry float noise (0.1 * 3): 12 significant digits is plenty for an answer.
  return String(Number(value.toPrecision(12)));
}

/**
 * A whole string read as one number ("$1,234.50", "12 cm", "-0.5%", "\frac{1}{2}", "1 000"), or
 * null when it holds no number or more than one ("1,23" is two numbers).
 */
export function parseNumber(s: string): number | null {
  const t = s
    .trim()
    .replace(/^[*_`]+|[*_`]+$/g, "")
    .trim();
  const found = numbersIn(t);
  if (found.length !== 1) return null;
  const [n] = found as [NumberToken];
  // Before the number only a sign or currency may stand; after it, a unit word, % or a final period.
  if (t.slice(0, n.start).trim() !== "") return null;
  const rest = t.slice(n.end).trim();
  if (rest !== "" && !/^(?:%|[.,;:!]+|[\p{L}][\p{L} ./]*[.]?)$/u.test(rest)) return null;
  return n.value;
}
