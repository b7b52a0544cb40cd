import { z } from "zod";
import { UserError } from "../errors.js";

/**
 * Every file infermark writes names its format in a `schema` field, `name/version`
 * (`infermark.bench/1`). A reader checks it before anything else, so a file from another tool or
 * from a newer infermark is told in one line instead of failing later on a missing field.
 */
const SCHEMA_ID = /^(.+)\/(\d+)$/;

/** Splits a schema id into its name and version; null when it is not of the form `name/N`. */
export function parseSchemaId(id: string): { name: string; version: number } | null {
  const m = SCHEMA_ID.exec(id);
  return m?.[1] && m[2] ? { name: m[1], version: Number(m[2]) } : null;
}

/** Why a value's `schema` field is not `expected`, in words for the user; null when it is. */
export function schemaProblem(value: unknown, expected: string): string | null {
  const want = parseSchemaId(expected);
  if (!want) throw new Error(`bad expected schema id ${expected}`);
  const found =
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as { schema?: unknown }).schema
      : undefined;
  if (found === expected) return null;
  if (found === undefined) return `no schema id: not a file infermark wrote (expected ${expected})`;
  const shown = typeof found === "string" ? found : JSON.stringify(found);
  const got = typeof found === "string" ? parseSchemaId(found) : null;
  if (!got || got.name !== want.name)
    return `schema ${shown} is not ${want.name} (a file from another tool?); this infermark reads ${expected}`;
  if (got.version > want.version)
    return `schema ${shown} is newer than this infermark (reads ${expected}); upgrade infermark`;
  return `schema ${shown} is older than this infermark reads (${expected})`;
}

/** Throws the one-line user error for a value whose schema id is not `expected`; `where` names the file (and line). */
export function checkSchemaId(where: string, value: unknown, expected: string): void {
  const problem = schemaProblem(value, expected);
  if (problem) throw new UserError(`${where}: ${problem}`);
}

/**
 * Parses a value with a zod schema once its schema id is checked: the id problem comes first (the
 * rest of a foreign file is noise), then the first field that does not fit, as one line.
 */
export function parseWithSchemaId<T extends z.ZodType>(
  where: string,
  value: unknown,
  expected: string,
  schema: T,
): z.infer<T> {
  checkSchemaId(where, value, expected);
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const at = issue?.path.length ? issue.path.join(".") : "top level";
  throw new UserError(`${where}: not a valid ${expected} file: ${at}: ${issue?.message ?? "does not fit"}`);
}
