import { describe, expect, it } from "vitest";
import { createRedactor, REDACTED } from "../../src/records/redact.js";

const KEY = 'sk-te"st\\key/é 42';
const uEscaped = (s: string): string =>
  [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");

describe("redaction", () => {
  const r = createRedactor([KEY]);

  it("replaces the key in every form a server can echo it in", () => {
    const forms = {
      raw: KEY,
      json: JSON.stringify(KEY).slice(1, -1),
      "json twice": JSON.stringify(JSON.stringify(KEY)).slice(1, -1),
      "\\u-escaped": uEscaped(KEY),
      "\\u-escaped, upper-case hex": uEscaped(KEY).toUpperCase().replace(/\\U/g, "\\u"),
      "\\u-escaped inside JSON": JSON.stringify(uEscaped(KEY)).slice(1, -1),
      "mixed escapes": "sk-te\\u0022st\\\\key\\/\\u00e9 42",
      "percent-encoded": encodeURIComponent(KEY),
      "percent-encoded, lower-case, + for space": encodeURIComponent(KEY).toLowerCase().replace("%20", "+"),
    };
    for (const [name, form] of Object.entries(forms)) {
      const out = r.text(`before ${form} after`);
      expect(out, name).toMatch(new RegExp(`^before \\W*\\[REDACTED\\]\\W* after$`));
      expect(out, name).not.toMatch(/sk|key|42/);
    }
  });

  it("replaces a key cut off at the end of a string (a truncated message), but not a short prefix", () => {
    expect(r.text(`HTTP 401: bad key ${KEY.slice(0, 12)}`)).toBe(`HTTP 401: bad key ${REDACTED}`);
    expect(r.text(`HTTP 401: bad key ${JSON.stringify(KEY).slice(1, 12)}`)).toBe(`HTTP 401: bad key ${REDACTED}`);
    expect(r.text(`prefix ${KEY.slice(0, 5)}`)).toBe(`prefix ${KEY.slice(0, 5)}`);
    expect(r.text(`${KEY.slice(0, 12)} in the middle`)).toBe(`${KEY.slice(0, 12)} in the middle`);
  });

  it("finds the key's base64 at any alignment, standard and URL alphabets", () => {
    for (const prefix of ["", "a", "ab"]) {
      const b64 = Buffer.from(`${prefix}${KEY}tail`).toString("base64");
      expect(r.text(b64)).toContain(REDACTED);
      expect(r.text(b64.replace(/\+/g, "-").replace(/\//g, "_"))).toContain(REDACTED);
    }
  });

  it("writes JSON with no trace of the key, object keys included, and leaves clean values as they were", () => {
    const value = { text: `echo ${KEY}`, nested: [1, { [KEY]: uEscaped(KEY) }], n: 3 };
    const out = r.json(value);
    expect(out).not.toContain(KEY);
    expect(out).not.toContain(JSON.stringify(KEY).slice(1, -1));
    expect(JSON.parse(out)).toEqual({ text: `echo ${REDACTED}`, nested: [1, { [REDACTED]: REDACTED }], n: 3 });
    const clean = { a: "nothing here", b: [1, 2, 3] };
    expect(r.value(clean)).toBe(clean);
  });

  it("scans a long run of backslashes (a hostile answer) without backtracking through it at every position", () => {
    // An unbounded backslash quantifier made this quadratic: 100 KB took 31 s, so 300 KB would outlast the test timeout.
    const run = "\\".repeat(300_000);
    expect(r.text(run)).toBe(run);
    expect(r.text(`${run}${KEY}`)).toBe(`${run}${REDACTED}`);
  });

  it("does nothing without a secret, and ignores secrets too short to be keys", () => {
    expect(createRedactor([]).active).toBe(false);
    expect(createRedactor(["abc"]).text("abc abc")).toBe("abc abc");
  });
});
