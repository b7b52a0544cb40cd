export { checkIfevalResponse, type IfevalRow, type IfevalVerdict, type InstructionVerdict } from "./check-response.js";
export { scoreIfeval, proportion, type IfevalSummary, type IfevalMetric, type IfevalBreakdown } from "./score.js";
export { IFEVAL_INSTRUCTIONS, ifevalInstruction, type Instruction } from "./registry.js";
export { looseVariants } from "./variants.js";
