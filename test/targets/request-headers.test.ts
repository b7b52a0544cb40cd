import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { createRedactor, secretsOf } from "../../src/records/redact.js";
import { parseHeader, parseHeaders, targetHeaders } from "../../src/targets/request-headers.js";

describe("--header NAME:VALUE", () => {
  const env = { TOKEN: "tok-9f8e7d", TEAM: "ml" };

  it("reads $VAR and ${VAR} from the environment, alone or inside a value; a literal stays as typed", () => {
    expect(parseHeader("X-Token:$TOKEN", env)).toEqual(["X-Token", "tok-9f8e7d"]);
    expect(parseHeader("Authorization: Bearer ${TOKEN}", env)).toEqual(["Authorization", "Bearer tok-9f8e7d"]);
    expect(parseHeader("X-Team: ${TEAM}-east", env)).toEqual(["X-Team", "ml-east"]);
    expect(parseHeader("X-Plain: a:b", env)).toEqual(["X-Plain", "a:b"]);
  });

  it("refuses a missing variable, a missing colon, a bad name, a reserved header and a duplicate, each as one user error", () => {
    const error = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        if (e instanceof UserError) return e.message;
      }
      return "no user error";
    };
    expect(error(() => parseHeader("X-Token:$MISSING", env))).toBe(
      "--header X-Token: environment variable MISSING is not set",
    );
    expect(error(() => parseHeader("X-Token", env))).toMatch(/expected NAME:VALUE/);
    expect(error(() => parseHeader("Bad Name:x", env))).toMatch(/expected NAME:VALUE/);
    expect(error(() => parseHeader("Content-Type:text/plain", env))).toBe(
      "--header Content-Type: infermark sets this header itself",
    );
    expect(error(() => parseHeaders(["X-A:1", "x-a:2"], env))).toBe("--header x-a is given twice");
    expect(error(() => parseHeader("X-A:$NL", { NL: "a\r\nX-Evil: 1" }))).toMatch(/line break/);
  });

  it("a user's authorization header replaces the bearer key; values are secrets for the redactor", () => {
    expect(targetHeaders("sk-1234", { "X-Team": "ml" })).toEqual({ authorization: "Bearer sk-1234", "X-Team": "ml" });
    expect(targetHeaders("sk-1234", { authorization: "Basic abc" })).toEqual({ authorization: "Basic abc" });
    const redactor = createRedactor(secretsOf({ apiKey: "sk-1234", headers: { "X-Token": "tok-9f8e7d" } }));
    expect(redactor.text("echo tok-9f8e7d and sk-1234")).toBe("echo [REDACTED] and [REDACTED]");
  });
});
