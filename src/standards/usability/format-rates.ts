import { isBlank } from "./blank.js";
import { checkSchema, compileSchema } from "./json-schema.js";
import { containsJson, isJson, jsonCandidates } from "./json-value.js";
import { rateWhere, type Rate } from "./measure.js";
import { isRefusal } from "./refusal.js";
import { UserError } from "../../errors.js";

export interface FormatResponse {
  text: string;
  finishReason?: string | null;
}

export interface FormatRates {
  /** The response is JSON (see json-value.ts). */
  json_valid: Rate;
  /** The response is or contains a JSON value. */
  json_contained: Rate;
  /** The response is JSON (or, with `schemaMode: "contains"`, offers a JSON value) valid under the schema; only when a schema is given. */
  json_schema_valid?: Rate;
  /** Opens with a refusal phrase (refusal.ts). */
  refusal: Rate;
  /** Empty or whitespace only. */
  empty: Rate;
  /** Finish reason "length": the generation hit its token limit. */
  truncated: Rate;
}

/**
 * Format compliance of a run as rates with 95 % Wilson intervals. The denominator of every rate
 * is every response given, failed or empty ones included — an empty response is not valid JSON,
 * it is a miss — so the caller decides which responses count by what it passes in.
 */
export function formatRates(
  responses: readonly FormatResponse[],
  opts: { schema?: unknown; schemaMode?: "is" | "contains" } = {},
): FormatRates {
  const out: FormatRates = {
    json_valid: rateWhere(responses, (r) => isJson(r.text)),
    json_contained: rateWhere(responses, (r) => containsJson(r.text)),
    refusal: rateWhere(responses, (r) => isRefusal(r.text)),
    empty: rateWhere(responses, (r) => isBlank(r.text)),
    truncated: rateWhere(responses, (r) => r.finishReason === "length"),
  };
  if (opts.schema !== undefined) {
    const compiled = compileSchema(opts.schema);
    if (!compiled.ok) throw new UserError(`JSON Schema: ${compiled.error}`);
    const mode = opts.schemaMode ?? "is";
    out.json_schema_valid = rateWhere(responses, (r) =>
      jsonCandidates(r.text, mode).some((v) => checkSchema(compiled.validate, v).valid),
    );
  }
  return out;
}
