// One response against its prompt's instructions, in both modes of the reference.
import { UserError } from "../../../errors.js";
import { ifevalInstruction } from "./registry.js";
import { looseVariants, passes } from "./variants.js";

/** One IFEval prompt with the model's answer (the dataset row of input_data.jsonl plus `response`). */
export interface IfevalRow {
  prompt: string;
  instruction_id_list: readonly string[];
  /** One kwargs object per instruction, in the same order; null-valued keys are ignored. */
  kwargs: readonly unknown[];
  response: string;
}

export interface InstructionVerdict {
  id: string;
  strict: boolean;
  loose: boolean;
}

export interface IfevalVerdict {
  instructions: InstructionVerdict[];
  /** Every instruction followed, strict mode. */
  strict: boolean;
  /** Every instruction followed, loose mode. */
  loose: boolean;
}

/** Per-instruction strict and loose verdicts for one response; unknown ids and bad kwargs throw a UserError naming the instruction. */
export function checkIfevalResponse(row: IfevalRow): IfevalVerdict {
  if (row.kwargs.length !== row.instruction_id_list.length) {
    throw new UserError(
      `IFEval row has ${row.instruction_id_list.length} instruction ids but ${row.kwargs.length} kwargs objects (prompt: ${JSON.stringify(row.prompt.slice(0, 60))})`,
    );
  }
  const variants = looseVariants(row.response);
  const instructions = row.instruction_id_list.map((id, i): InstructionVerdict => {
    const check = ifevalInstruction(id).bind(id, row.kwargs[i], row.prompt);
    const strict = passes(check, row.response);
    return { id, strict, loose: strict || variants.some((v) => passes(check, v)) };
  });
  return { instructions, strict: instructions.every((v) => v.strict), loose: instructions.every((v) => v.loose) };
}
