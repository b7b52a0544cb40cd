/**
 * The one place secrets are taken out of what infermark writes. Every writer (records, levels,
 * run.json, summaries, verdicts, executions, the response cache) goes through a Redactor, so a
 * server that echoes the API key — raw, JSON-escaped, \u-escaped, percent-encoded or base64 —
 * never gets it onto disk. docs/targets.md ("API keys") lists the forms and their limits.
 */

/** What a secret is replaced with. */
export const REDACTED = "[REDACTED]";

/** Shorter secrets are not redacted: replacing every "ab" in a record would destroy it and protect nothing. */
export const MIN_SECRET_LENGTH = 4;

/** Removes secrets from text and values before they are written. */
export interface Redactor {
  /** False when there is no secret to look for: every call returns its input. */
  readonly active: boolean;
  /** The text with every encoded form of every secret replaced by REDACTED. */
  text(s: string): string;
  /** A copy of the value with every string (object keys included) redacted; the same value when nothing matched. */
  value<T>(v: T): T;
  /** JSON of the redacted value, safe to write (`space` as in JSON.stringify). */
  json(v: unknown, space?: number): string;
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/** A hex number as a pattern matching either letter case (servers write \u00E9 or \u00e9, %2F or %2f). */
function hexPattern(n: number, width: number): string {
  return [...n.toString(16).padStart(width, "0")]
    .map((c) => (/[a-f]/.test(c) ? `[${c}${c.toUpperCase()}]` : c))
    .join("");
}

/** The character after the backslash(es) of JSON's short escapes (a backslash escapes itself). */
const SHORT_ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  "\b": "b",
  "\f": "f",
  "\n": "n",
  "\r": "r",
  "\t": "t",
};

/**
 * The backslashes before an escape, for up to three nested JSON string encodings (1, 3 or 7 before
 * a quote; 1, 2, 4 or 8 before a u). Bounded on purpose: `\\+` backtracks through every run
 * of backslashes at every position, and a 100 KB run of them took 31 s to scan.
 */
const BACKSLASHES = "\\\\{1,8}";

/**
 * The ways one character of a secret can appear in text that went through JSON string encodings
 * (a JSON body kept as a string inside another JSON string) or URL percent-encoding, mixed freely
 * from one character to the next.
 */
function charPattern(ch: string): string {
  const forms = [escapeRegex(ch)];
  const units = [...Array(ch.length).keys()].map((i) => ch.charCodeAt(i));
  forms.push(units.map((u) => `${BACKSLASHES}u${hexPattern(u, 4)}`).join(""));
  const short = SHORT_ESCAPES[ch];
  if (short !== undefined) forms.push(`${BACKSLASHES}${escapeRegex(short)}`);
  forms.push([...Buffer.from(ch, "utf8")].map((b) => `%${hexPattern(b, 2)}`).join(""));
  if (ch === " ") forms.push("\\+");
  return `(?:${forms.join("|")})`;
}

/**
 * The part of base64(prefix + secret) that depends only on the secret's bytes, for each of the
 * three alignments the secret can have inside a longer base64 text (standard and URL alphabets).
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const cores: string[] = [];
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.concat([Buffer.alloc(pad), bytes]).toString("base64");
    // Characters mixing pad bytes with secret bytes, and the last group's (which mix with what follows), are left out.
    const start = pad === 0 ? 0 : pad === 1 ? 2 : 3;
    const whole = Math.floor((pad + bytes.length) / 3) * 4;
    const core = b64.slice(start, whole);
    if (core.length >= 8) cores.push(core, core.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return cores;
}

/** A cut-off key is still mostly a key: messages and bodies are truncated (300 B, 4 KiB), possibly mid-key. */
const MIN_PREFIX = 8;

/**
 * The secret's first MIN_PREFIX or more characters at the very end of a string — what truncating a
 * message in the middle of an echoed key leaves — as nested optional groups, linear in the key's length.
 */
function truncatedPattern(chars: string[]): string | null {
  if (chars.length <= MIN_PREFIX) return null;
  let tail = "";
  for (let i = chars.length - 2; i >= MIN_PREFIX; i--) tail = `(?:${charPattern(chars[i] ?? "")}${tail})?`;
  return `${chars.slice(0, MIN_PREFIX).map(charPattern).join("")}${tail}$`;
}

/** One regex matching every form of every secret (longest secrets first, so a secret containing another is replaced whole). */
function secretsPattern(secrets: readonly string[]): RegExp | null {
  const usable = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  if (usable.length === 0) return null;
  const alternatives: string[] = [];
  for (const s of usable) {
    alternatives.push([...s].map(charPattern).join(""));
    const truncated = truncatedPattern([...s]);
    if (truncated) alternatives.push(truncated);
    for (const core of base64Cores(s)) alternatives.push(escapeRegex(core));
  }
  return new RegExp(alternatives.join("|"), "g");
}

/** A redactor for these secrets (empty strings and secrets shorter than MIN_SECRET_LENGTH are ignored). */
export function createRedactor(secrets: readonly string[]): Redactor {
  const pattern = secretsPattern(secrets);
  if (!pattern)
    return { active: false, text: (s) => s, value: (v) => v, json: (v, space) => JSON.stringify(v, null, space) };
  const usable = secrets.filter((s) => s.length >= MIN_SECRET_LENGTH);
  const text = (s: string): string => {
    pattern.lastIndex = 0;
    return pattern.test(s) ? s.replace(pattern, REDACTED) : s;
  };
  const value = <T>(v: T): T => redactValue(v, text) as T;
  return {
    active: true,
    text,
    value,
    json: (v, space) => {
      const out = JSON.stringify(value(v), null, space);
      // Serialising can only make a secret appear from key-free strings if the secret itself holds
      // JSON escapes (a key like `a\"b` from the string `a"b`): replace those too, whatever it costs the JSON.
      return out !== undefined && usable.some((s) => out.includes(s)) ? text(out) : out;
    },
  };
}

/** Copy-on-write walk: strings and object keys through `redact`; numbers, booleans and null untouched. */
function redactValue(v: unknown, redact: (s: string) => string): unknown {
  if (typeof v === "string") return redact(v);
  if (typeof v !== "object" || v === null) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      const r = typeof item === "number" ? item : redactValue(item, redact);
      if (r !== item && out === null) out = v.slice(0, i);
      if (out !== null) out.push(r);
    }
    return out ?? v;
  }
  const entries = Object.entries(v as Record<string, unknown>);
  let changed = false;
  const next = entries.map(([k, item]): [string, unknown] => {
    const rk = redact(k);
    const r = redactValue(item, redact);
    if (rk !== k || r !== item) changed = true;
    return [rk, r];
  });
  return changed ? Object.fromEntries(next) : v;
}

/** The secrets infermark knows of in this process: the API key a target spec carries, and its --header values. */
export function secretsOf(spec: { apiKey?: string; headers?: Record<string, string> }): string[] {
  return [...(spec.apiKey ? [spec.apiKey] : []), ...Object.values(spec.headers ?? {})];
}
