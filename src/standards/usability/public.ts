// The usability metrics and constraint checks of issue 13 §2–§4, re-exported by src/index.ts in one line.
export { measured, notApplicable, rateOf, rateWhere, type Measure, type Rate } from "./measure.js";
export { whitespaceTokens } from "./tokens.js";
export { seqRep, seqRepProfile } from "./seq-rep.js";
export { longestRepeatedSubstring, repeatedSubstringShare, type RepeatedSubstring } from "./repeated-substring.js";
export { detectLoop, repetitionWithTruncation, type Loop, type LoopOptions, type FinishedResponse } from "./loop.js";
export { repetitionSummary, type RepetitionSummary, type MeanMeasure } from "./repetition-summary.js";
export {
  distinctN,
  distinctOfOne,
  DISTINCT_DEFINITIONS,
  type DistinctDefinition,
  type DistinctResult,
} from "./distinct.js";
export { selfBleu, nltkSentenceBleu, type SelfBleuResult } from "./self-bleu.js";
export { compressionRatio, type CompressionResult } from "./compression.js";
export {
  cannedPhrases,
  phraseWords,
  type CannedPhrase,
  type CannedPhrases,
  type CannedPhraseOptions,
} from "./canned-phrases.js";
export { verbosity, lengthSummary, type LengthSummary, type LengthInput } from "./verbosity.js";
export { meanOverGroups, type GroupMean } from "./groups.js";
export {
  parseJsonResponse,
  stripJsonFence,
  findJsonValues,
  isJson,
  containsJson,
  jsonCandidates,
  type JsonParse,
  type FoundJson,
} from "./json-value.js";
export { compileSchema, checkSchema, type CompiledSchema, type SchemaCheck } from "./json-schema.js";
export {
  compileTools,
  checkToolCall,
  toolCallValidity,
  TOOL_DECLARATION,
  type ToolDeclaration,
  type ToolCall,
  type ToolCallVerdict,
  type ToolCallValidity,
  type ToolValidators,
} from "./tool-calls.js";
export { isRefusal, refusalPhrase, REFUSAL_PHRASES } from "./refusal.js";
export { isBlank } from "./blank.js";
export { formatRates, type FormatRates, type FormatResponse } from "./format-rates.js";
export {
  parseConstraints,
  checkConstraints,
  allPassed,
  type Constraint,
  type ConstraintVerdict,
} from "./constraints/check.js";
export {
  CONSTRAINTS,
  CONSTRAINT_TYPES,
  type ConstraintType,
  type CheckContext,
  type Verdict as ConstraintCheck,
} from "./constraints/registry.js";
export {
  fleschKincaidGrade,
  countSyllables,
  countSentences,
  countCharacters,
  type ReadingLevel,
} from "./constraints/text-stats.js";
export { countTables, countListItems, type ListKind } from "./constraints/markdown.js";
