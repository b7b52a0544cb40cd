import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";

export type CompiledSchema = { ok: true; validate: ValidateFunction } | { ok: false; error: string };

/**
 * Compiles a JSON Schema with ajv: draft 2020-12 when its `$schema` says so, draft-07 otherwise.
 * `format` keywords are not checked (ajv-formats is not a dependency) and unknown keywords are
 * ignored rather than fatal, so schemas written for other validators still load. A fresh ajv per
 * schema, so two schemas with the same `$id` cannot collide.
 */
export function compileSchema(schema: unknown): CompiledSchema {
  if (typeof schema !== "boolean" && !isObject(schema))
    return { ok: false, error: "a JSON Schema must be an object or a boolean" };
  const declared = isObject(schema) ? schema.$schema : undefined;
  const options = { strict: false, validateFormats: false, allErrors: true, logger: false } as const;
  try {
    const ajv = typeof declared === "string" && declared.includes("2020-12") ? new Ajv2020(options) : new Ajv(options);
    return { ok: true, validate: ajv.compile(schema) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** ajv's errors as short lines: "/path: message". */
export function schemaErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath === "" ? "/" : e.instancePath}: ${e.message ?? e.keyword}`);
}

export type SchemaCheck = { valid: true } | { valid: false; errors: string[] };

export function checkSchema(validate: ValidateFunction, value: unknown): SchemaCheck {
  return validate(value) ? { valid: true } : { valid: false, errors: schemaErrors(validate.errors) };
}
