import { UserError } from "../errors.js";

/** An RFC 9110 field name: a token. */
const NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** `${VAR}` or `$VAR` anywhere in a value. */
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Headers infermark sets itself on every request: a --header replacing one would break the exchange, not tune it. */
const RESERVED = new Set(["content-type", "content-length", "accept", "host", "x-request-id", "transfer-encoding"]);

/**
 * Parses one `--header NAME:VALUE`. `$VAR` and `${VAR}` in the value are read from `env`, so a
 * token need not be typed on the command line (where shell history and `ps` keep it); a variable
 * that is not set is a user error rather than an empty header sent in silence.
 */
export function parseHeader(raw: string, env: Readonly<Record<string, string | undefined>>): [string, string] {
  const colon = raw.indexOf(":");
  const name = colon < 0 ? "" : raw.slice(0, colon).trim();
  if (!NAME.test(name)) throw new UserError(`--header "${raw}": expected NAME:VALUE, e.g. X-Team:ml or X-Token:$TOKEN`);
  const value = raw
    .slice(colon + 1)
    .trim()
    .replace(REFERENCE, (_m, braced: string | undefined, bare: string | undefined) => {
      const variable = braced ?? bare ?? "";
      const v = env[variable];
      if (v === undefined || v === "")
        throw new UserError(`--header ${name}: environment variable ${variable} is not set`);
      return v;
    });
  return [name, headerProblem(name, value) === null ? value : fail(`--header ${name}: ${headerProblem(name, value)}`)];
}

const fail = (message: string): never => {
  throw new UserError(message);
};

/** Why a header cannot be sent as given (a run config's `headers:` entry, a parsed --header), or null. */
export function headerProblem(name: string, value: string): string | null {
  if (!NAME.test(name)) return "not a header name (letters, digits and -, e.g. X-Team)";
  if (RESERVED.has(name.toLowerCase())) return "infermark sets this header itself";
  // A line break would end the header and start another: never sent.
  if (/[\r\n\0]/.test(value)) return "the value holds a line break";
  return null;
}

/** Every `--header` of a command line as one map; a name given twice (in any letter case) is a user error. */
export function parseHeaders(
  raws: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const raw of raws) {
    const [name, value] = parseHeader(raw, env);
    if (seen.has(name.toLowerCase())) throw new UserError(`--header ${name} is given twice`);
    seen.add(name.toLowerCase());
    out[name] = value;
  }
  return out;
}

/**
 * The headers of every request to an HTTP target: the bearer key, then the user's own (which may
 * replace `authorization` for a gateway that wants another scheme).
 */
export function targetHeaders(
  apiKey: string | undefined,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return { ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}), ...extra };
}
