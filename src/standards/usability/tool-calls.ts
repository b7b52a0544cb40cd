import { z } from "zod";
import { UserError } from "../../errors.js";
import { checkSchema, compileSchema } from "./json-schema.js";
import { rateOf, type Rate } from "./measure.js";
import type { ValidateFunction } from "ajv";

/** A tool as declared in an OpenAI chat request: `function.parameters` is a JSON Schema. */
export const TOOL_DECLARATION = z.object({
  type: z.literal("function"),
  function: z.object({ name: z.string().min(1), parameters: z.record(z.string(), z.unknown()).optional() }),
});
export type ToolDeclaration = z.infer<typeof TOOL_DECLARATION>;

/** A tool call as a model returns it: `function.arguments` is a JSON string. */
export interface ToolCall {
  function: { name: string; arguments: string };
}

export type ToolCallVerdict =
  | { verdict: "valid"; name: string }
  | { verdict: "unknown_tool"; name: string }
  | { verdict: "arguments_not_json"; name: string; error: string }
  | { verdict: "arguments_not_object"; name: string }
  | { verdict: "schema_mismatch"; name: string; errors: string[] };

export type ToolValidators = ReadonlyMap<string, ValidateFunction>;

/**
 * Compiles the declared tools' parameter schemas once. A tool without `parameters` takes an empty
 * parameter list (OpenAI's rule), so its schema is `{"type": "object"}`. A malformed declaration or
 * schema is the user's to fix: it throws a UserError naming the tool.
 */
export function compileTools(tools: unknown): ToolValidators {
  const parsed = z.array(TOOL_DECLARATION).safeParse(tools);
  if (!parsed.success) throw new UserError(`tools: not an OpenAI tools list: ${z.prettifyError(parsed.error)}`);
  const out = new Map<string, ValidateFunction>();
  for (const t of parsed.data) {
    const compiled = compileSchema(t.function.parameters ?? { type: "object" });
    if (!compiled.ok)
      throw new UserError(`tools: parameters of "${t.function.name}" is not a usable JSON Schema: ${compiled.error}`);
    out.set(t.function.name, compiled.validate);
  }
  return out;
}

/** One tool call judged against the declared tools: known name, arguments a JSON object, object valid under the tool's schema. */
export function checkToolCall(call: ToolCall, tools: ToolValidators): ToolCallVerdict {
  const name = call.function.name;
  const validate = tools.get(name);
  if (validate === undefined) return { verdict: "unknown_tool", name };
  let args: unknown;
  try {
    args = JSON.parse(call.function.arguments) as unknown;
  } catch (e) {
    return { verdict: "arguments_not_json", name, error: e instanceof Error ? e.message : String(e) };
  }
  if (typeof args !== "object" || args === null || Array.isArray(args))
    return { verdict: "arguments_not_object", name };
  const r = checkSchema(validate, args);
  return r.valid ? { verdict: "valid", name } : { verdict: "schema_mismatch", name, errors: r.errors };
}

export interface ToolCallValidity {
  /** Responses that made at least one call / all responses (the other two rates leave the rest out). */
  called: Rate;
  /** Valid calls / all calls. */
  calls: Rate;
  /** Responses whose every call is valid / responses that made at least one call. */
  responses: Rate;
  /** Calls per verdict. */
  byVerdict: Record<ToolCallVerdict["verdict"], number>;
}

/** Tool-call argument validity over a run: each response is the list of tool calls it made (possibly none). */
export function toolCallValidity(responses: readonly (readonly ToolCall[])[], tools: ToolValidators): ToolCallValidity {
  const byVerdict: Record<ToolCallVerdict["verdict"], number> = {
    valid: 0,
    unknown_tool: 0,
    arguments_not_json: 0,
    arguments_not_object: 0,
    schema_mismatch: 0,
  };
  let calls = 0;
  let callers = 0;
  let allValid = 0;
  for (const r of responses) {
    if (r.length === 0) continue;
    callers++;
    let ok = true;
    for (const call of r) {
      const v = checkToolCall(call, tools).verdict;
      byVerdict[v]++;
      calls++;
      if (v !== "valid") ok = false;
    }
    if (ok) allValid++;
  }
  return {
    called: rateOf(callers, responses.length, "no responses"),
    calls: rateOf(byVerdict.valid, calls, "no tool calls"),
    responses: rateOf(allValid, callers, "no response made a tool call"),
    byVerdict,
  };
}
