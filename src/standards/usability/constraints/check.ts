import { z } from "zod";
import { UserError } from "../../../errors.js";
import { CONSTRAINTS, CONSTRAINT_TYPES, type CheckContext, type ConstraintType, type Verdict } from "./registry.js";

/** A constraint spec validated against its schema, ready to check responses. */
export interface Constraint {
  /** Position in the list given (0-based). */
  index: number;
  type: ConstraintType;
  /** Parameters after validation, defaults filled in. */
  params: unknown;
  check: (text: string, ctx: CheckContext) => Verdict;
}

export type ConstraintVerdict = { index: number; type: ConstraintType } & Verdict;

const isType = (t: unknown): t is ConstraintType => typeof t === "string" && Object.hasOwn(CONSTRAINTS, t);

/**
 * Validates constraint specs as read from a task YAML: each a plain object with `type` naming a
 * constraint and its parameters beside it, e.g. `{ type: "length", unit: "words", max: 100 }`.
 * Every problem is collected and thrown as one UserError, one line per bad entry, naming the
 * entry's position and type, so a bad file is fixed in one pass.
 */
export function parseConstraints(specs: unknown, where = "constraints"): Constraint[] {
  if (!Array.isArray(specs))
    throw new UserError(`${where}: expected a list of constraints, got ${specs === null ? "null" : typeof specs}`);
  const out: Constraint[] = [];
  const problems: string[] = [];
  specs.forEach((spec: unknown, index) => {
    const at = `${where}[${index}]`;
    if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
      problems.push(`${at}: expected an object with a "type", got ${JSON.stringify(spec)}`);
      return;
    }
    const { type, ...params } = spec as Record<string, unknown>;
    if (!isType(type)) {
      problems.push(`${at}: unknown constraint type ${JSON.stringify(type)}; known: ${CONSTRAINT_TYPES.join(", ")}`);
      return;
    }
    const bound = CONSTRAINTS[type].bind(params);
    if (!bound.ok) {
      problems.push(`${at} (${type}): ${z.prettifyError(bound.error).replace(/\n\s*/g, " ")}`);
      return;
    }
    out.push({ index, type, params: bound.params, check: bound.check });
  });
  if (problems.length > 0) throw new UserError(problems.join("\n"));
  return out;
}

/** Checks one response against every constraint, in order; one verdict each. */
export function checkConstraints(
  text: string,
  constraints: readonly Constraint[],
  ctx: CheckContext = {},
): ConstraintVerdict[] {
  return constraints.map((c) => ({ index: c.index, type: c.type, ...c.check(text, ctx) }));
}

/** True when every verdict passed (an n/a is not a pass: an instruction that could not be checked was not shown to be followed). */
export function allPassed(verdicts: readonly ConstraintVerdict[]): boolean {
  return verdicts.every((v) => v.verdict === "pass");
}
