import { z } from "zod";
import { UserError } from "../errors.js";

/** Validates raw flag values with a zod schema; the first problem becomes a one-line user error. */
export function parseFlags<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  const [field] = issue?.path ?? [];
  const flag = field !== undefined ? `--${String(field).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : "flags";
  throw new UserError(`${flag}: ${issue?.message ?? "invalid"}`);
}

/** A comma-separated list of positive integers, e.g. "1,8,32". */
export const positiveIntList = z
  .string()
  .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, "expected positive integers separated by commas, e.g. 1,8,32")
  .transform((s) => s.split(",").map((x) => Number(x.trim())))
  .refine((xs) => xs.every((x) => x >= 1), "every value must be at least 1");

/** A positive integer given as a flag string. */
export const positiveInt = z.coerce.number().int("must be an integer").min(1, "must be at least 1");

/** A non-negative integer given as a flag string. */
export const nonNegativeInt = z.coerce.number().int("must be an integer").min(0, "must be 0 or more");

/** Collects a repeatable `--param key=value`; values are JSON when they parse as JSON, strings otherwise. */
export function collectParam(raw: string, acc: Record<string, unknown> = {}): Record<string, unknown> {
  const eq = raw.indexOf("=");
  if (eq < 1) throw new UserError(`--param "${raw}": expected key=value, e.g. temperature=0.7`);
  const key = raw.slice(0, eq);
  const text = raw.slice(eq + 1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = text;
  }
  return { ...acc, [key]: value };
}

/** A comma-separated list of positive numbers, e.g. "0.5,2,10". */
export const positiveNumberList = z
  .string()
  .regex(/^\s*\d*\.?\d+(\s*,\s*\d*\.?\d+)*\s*$/, "expected positive numbers separated by commas, e.g. 1,2.5,10")
  .transform((s) => s.split(",").map((x) => Number(x.trim())))
  .refine((xs) => xs.every((x) => x > 0), "every value must be above 0");

/** A part of a level: `N` requests or `Ns` seconds. */
export const span = z
  .string()
  .regex(/^\s*(\d+|\d*\.?\d+s)\s*$/, "expected a request count (e.g. 20) or seconds (e.g. 5s)")
  .transform((s) =>
    s.trim().endsWith("s") ? { seconds: Number(s.trim().slice(0, -1)) } : { requests: Number(s.trim()) },
  );
