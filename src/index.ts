// The library API: everything the CLI does is reachable from here.
export { UserError } from "./errors.js";
export { VERSION } from "./version.js";
export type {
  Target,
  TargetInfo,
  OpenAITargetInfo,
  LlamaTargetInfo,
  ImportedTargetInfo,
  TargetKind,
  WorkerSpec,
  PromptCounter,
} from "./targets/target.js";
export {
  checkParams,
  assertParams,
  type TargetCapabilities,
  type ParamType,
  type ParamRequest,
  type ParamCheck,
} from "./targets/capabilities.js";
export { TARGET_SCHEMES, targetKindOf, type SchemeMatch } from "./targets/schemes.js";
export type { TargetEvent, GenerationRequest, ChatMessage } from "./records/protocol.js";
export { OpenAITarget, openaiCapabilities, openaiKind, type OpenAITargetOptions } from "./targets/openai.js";
export { llamaKind, defaultModelKind } from "./targets/llama-kind.js";
export { LlamaTarget, type LlamaTargetOptions } from "./targets/llama.js";
export { defaultThreads, LLAMA_PARAMS, LLAMA_PARAM_TYPES, llamaCapabilities } from "./targets/llama-params.js";
export { openTarget, reopenTarget, targetCapabilities, type TargetSpec } from "./targets/open-target.js";
export { resolveTargetSpec, type TargetFlagValues } from "./targets/target-spec.js";
export { resolveDefaultModel, bundledModelPath, DEFAULT_MODEL, type ModelSource } from "./targets/default-model.js";
export { cacheDir } from "./cache-dir.js";
export { remoteWordTokenizer } from "./targets/remote-tokenizer.js";
export { createSseParser, type SseEvent, type SseParser } from "./targets/sse.js";
export { readChunk, type ChunkReading } from "./targets/openai-chunk.js";
export * from "./records/record.js";
export { RecordBuilder, splitTokensOverChunks } from "./records/build.js";
export { JsonlWriter, readJsonl, readRecords, withSchemaId, type JsonlContents } from "./records/jsonl.js";
export { runPaths, createRunDir, checkRunDir } from "./records/run-dir.js";
export {
  readRunJson,
  parseRunJson,
  RUN_SCHEMA,
  type RunJson,
  type BenchRunJson,
  type EvalRunJson,
  type ImportedRunJson,
} from "./records/run-json.js";
export { checkSchemaId, schemaProblem, parseSchemaId, parseWithSchemaId } from "./records/schema-id.js";
export { createRedactor, REDACTED, secretsOf, type Redactor } from "./records/redact.js";
export { parseHeader, parseHeaders, targetHeaders } from "./targets/request-headers.js";
export { syntheticWorkload, SYNTHETIC_WORDS, type PromptSizer } from "./workloads/synthetic.js";
export { datasetWorkload, FROM_DATASET, loadDatasetRows, replyTokens, type OutputSpec } from "./workloads/dataset.js";
export { buildWorkload, type WorkloadSpec } from "./workloads/build.js";
export type { Workload, WorkItem } from "./workloads/workload.js";
export { parseLength, type LengthSpec } from "./workloads/length.js";
export {
  RequestRunner,
  type LevelPlan,
  type RequestPlan,
  type RunnerHooks,
  type RunnerSignals,
} from "./runner/request-runner.js";
export { resolveBenchOptions, type BenchFlags, type ResolvedBench } from "./runner/bench-options.js";
export {
  bench,
  type BenchOptions,
  type BenchResult,
  type InitialRequests,
  type LevelTemplate,
  type Schedule,
} from "./runner/bench-session.js";
export { arrivalTimes, firstArrivals, parseArrival, type Arrival } from "./runner/arrivals.js";
export { createPhaser, type Span, type LevelSpans } from "./runner/phases.js";
export { inProcessExecutor, type Executor } from "./runner/executor.js";
export { workerExecutor, type ThreadedExecutor } from "./runner/worker-executor.js";
export { AUTO_WORKERS_RULE, autoWorkers } from "./runner/auto-workers.js";
export {
  parseSlo,
  sloObject,
  requestMeetsSlo,
  checkLevelSlo,
  meetsWithMargin,
  type SloTerm,
  type SloCheck,
} from "./standards/efficiency/slo.js";
export { summarizeRun } from "./standards/efficiency/summarize-run.js";
export {
  runCompleteness,
  type LevelCut,
  type RunCompleteness,
  type RunPlan,
} from "./standards/efficiency/level-cut.js";
export {
  capacityFromProbes,
  probeOutcome,
  sustainedFloor,
  type Capacity,
  type CapacityProbe,
} from "./standards/efficiency/capacity.js";
export {
  parsePrometheus,
  prometheusDelta,
  type PrometheusDelta,
  type ServerSignals,
} from "./standards/efficiency/server-signals.js";
export type { ClientHealth } from "./standards/efficiency/client-health.js";
export { requestTiming, type RequestTiming } from "./standards/efficiency/request-timing.js";
export {
  summarizeBench,
  summarizeLevel,
  BENCH_SUMMARY_SCHEMA,
  type BenchSummary,
  type LevelSummary,
} from "./standards/efficiency/summarize.js";
export { distribution, percentileSorted, type Distribution } from "./stats/distribution.js";
export {
  levelRows,
  levelVerdicts,
  levelsCsv,
  LEVEL_COLUMNS,
  type LevelRow,
  type LevelVerdict,
} from "./standards/efficiency/level-rows.js";
export { toCsv, type CsvCell } from "./records/csv.js";
export { renderBenchSummary, promptLengthLine } from "./report/bench-table.js";
export { renderLevelsTable } from "./report/levels-table.js";
export { renderEvalSummary } from "./report/eval-table.js";
export { renderCompare } from "./report/compare-table.js";
export { renderCompareBench } from "./report/compare-bench-table.js";
export { renderScore } from "./report/score-table.js";
export {
  print,
  render,
  formatOf,
  FORMATS,
  type Format,
  type Output,
  type OutputKind,
  type PrintOptions,
  type Rendered,
  type Sink,
} from "./report/output.js";
export {
  startMockServer,
  countPromptWords,
  MOCK_DEFAULTS,
  type MockServer,
  type MockServerOptions,
  type MockLogEntry,
} from "./mock/sse-server.js";
export { spawnMockServer, type SpawnedMockServer } from "./mock/spawn.js";
export { calibrate, type Calibration, type CalibrationRow, type CalibrateOptions } from "./runner/calibrate.js";
export { compatView, COMPAT_TOOLS, type CompatTool } from "./standards/efficiency/compat/index.js";
export { vllmRecords, VLLM_RESULT } from "./records/import/vllm.js";
export {
  importRun,
  IMPORT_TOOLS,
  type ImportTool,
  type ImportOptions,
  type ImportResult,
} from "./runner/import-session.js";
export {
  reportRun,
  reportCsv,
  type ReportOptions,
  type ReportResult,
  type CompatView,
} from "./runner/report-session.js";
export {
  compareRunDirs,
  compareAnyRunDirs,
  compareChoiceDirs,
  type CompareOptions,
  type AnyComparison,
} from "./runner/compare-session.js";
export { compareBenchDirs, loadBenchRunSample, COMPARE_SAMPLE_CAP } from "./runner/compare-bench-session.js";
export {
  compareBenchRuns,
  COMPARE_BENCH_SCHEMA,
  COMPARED_METRICS,
  COMPARED_STATS,
  type BenchCompareResult,
  type BenchRunSample,
  type LevelSample,
  type MetricSample,
  type LevelComparison,
  type PercentileComparison,
  type MetricVerdict,
  type OverallVerdict,
  type SideBySide,
} from "./standards/efficiency/compare-bench.js";
export { bootstrapQuantiles, differenceInterval } from "./stats/bootstrap-quantiles.js";
export { guidellmRecords, GUIDELLM_REPORT } from "./records/import/guidellm.js";
export {
  evaluate,
  buildTask,
  summarizeEvalDir,
  loadEvalRun,
  loadEvalRunVariants,
  cacheUse,
  type EvalOptions,
  type EvalTaskSpec,
  type EvalResult,
  type CacheUse,
} from "./runner/eval-session.js";
export { planVariants, planRequests, planHash, type PlannedVariant, type PlanSettings } from "./runner/eval-plan.js";
export { summarizeEval, type SummarizeInput } from "./runner/eval-summary.js";
export { runVerdictPass, type VerdictPass, type PassSubject } from "./runner/verdict-pass.js";
export { sampleKey, variantOf } from "./records/eval-key.js";
export type { EvalTag, VariantTag } from "./records/record.js";
export type { Verdict, Ungraded, VerdictLine } from "./records/verdict.js";
export type { ItemVariant } from "./workloads/tasks/variant.js";
export {
  compareRuns,
  type RunComparison,
  type RunSamples,
  type LeftOut,
  type MetricComparison,
} from "./standards/accuracy/compare-runs.js";
export {
  compareEvalRuns,
  COMPARE_SCHEMA,
  type ComparedRun,
  type CompareResult,
} from "./standards/accuracy/compare-eval.js";
export {
  scoreRows,
  scoreSamples,
  scoreJson,
  resolveMetrics,
  type ScoreRow,
  type ScoreOptions,
  type ScoreResult,
  type MetricScore,
  type ScoredRow,
  type ExtractMode,
} from "./standards/accuracy/score-rows.js";
export { loadTask } from "./workloads/tasks/load.js";
export type { Task, TaskItem } from "./workloads/tasks/task.js";
export { extractAnswer, splitReasoning, type Extraction, type AnswerKind } from "./standards/accuracy/extract.js";
export { aggregateMetric, type MetricValue, type ScoredSample } from "./standards/accuracy/aggregate.js";
export { sampleScorer, corpusScorer, SCORER_NAMES } from "./standards/accuracy/scorers.js";
export { corpusBleu, sentenceBleu } from "./standards/accuracy/bleu.js";
export { corpusChrf, sentenceChrf } from "./standards/accuracy/chrf.js";
export { corpusTer } from "./standards/accuracy/ter.js";
export { rouge } from "./standards/accuracy/rouge.js";
export { passAtK } from "./standards/accuracy/pass-at-k.js";
export { EVAL_SUMMARY_SCHEMA, type EvalSummary, type TaskSummary } from "./standards/accuracy/summarize-eval.js";
export { wilson, bootstrap, meanStderr } from "./stats/intervals.js";
export { newcombePaired, type PairedCounts } from "./stats/newcombe-paired.js";
export {
  scoreIfeval,
  checkIfevalResponse,
  ifevalInstruction,
  IFEVAL_INSTRUCTIONS,
  looseVariants,
  type IfevalRow,
  type IfevalVerdict,
  type InstructionVerdict,
  type IfevalSummary,
  type IfevalMetric,
  type IfevalBreakdown,
  type Instruction as IfevalInstruction,
} from "./standards/usability/index.js";
export { mcnemar, pairedDifference, type PairedDifference } from "./stats/paired.js";
export { runPython, type ExecResult } from "./runner/sandbox/run-python.js";
export { detectIsolation, type Isolation, type IsolationKind } from "./runner/sandbox/isolation.js";
export { DEFAULT_LIMITS, type SandboxLimits } from "./runner/sandbox/limits.js";
export { ResponseCache } from "./runner/response-cache.js";
export { targetFingerprint, modelsFingerprint, fileFingerprint } from "./runner/target-fingerprint.js";
export {
  DEFAULT_FORMAT,
  textItem,
  type PerturbItem,
  type PromptFormat,
  type Gold,
  type PerturbedItem,
  type PerturbationDescription,
  type PerturbationFamily,
  type LabelStyle,
  type OptionLabelStyle,
} from "./perturb/item.js";
export { PERTURBATIONS, type Perturbation, type ParsedPerturbation, type ParamValue } from "./perturb/table.js";
export { parsePerturbations, perturbationNamed } from "./perturb/spec.js";
export { perturbItem, perturbItemAsync, itemSeed } from "./perturb/apply.js";
export { renderItem, goldLabel, answerLabel, optionLabel, chosenOption } from "./perturb/render.js";
export { FORMAT_VARIANTS, SEPARATORS, GENERIC_SYSTEM } from "./perturb/formats.js";
export type { Paraphraser } from "./perturb/paraphrase.js";
export { summarizeRobustness, type RobustnessSummary } from "./standards/robustness/summarize.js";
export { summarizeGroup, type GroupSummary } from "./standards/robustness/grouped.js";
export { worstCase } from "./standards/robustness/worst-case.js";
export { formatSpread, ORIGINAL_FORMAT, type FormatSpread } from "./standards/robustness/format-spread.js";
export { permutationConsistency, CHOICE_ORDER } from "./standards/robustness/permutation-consistency.js";
export type { ItemVerdicts, VariantVerdict } from "./standards/robustness/input.js";
export type {
  Metric as RobustnessMetric,
  Delta as RobustnessDelta,
  NotApplicable,
} from "./standards/robustness/metric.js";
export { quantileInterval, type QuantileInterval } from "./stats/quantile-interval.js";
export type { Candidate, CandidateMetrics, Estimate } from "./decide/estimate.js";
export { parseGate, judgeGate, type Gate, type GateVerdict } from "./decide/gate.js";
export { PROFILES, profileNamed, STANDARDS, type Profile, type Objective, type Standard } from "./decide/profiles.js";
export { costOf, accuracyPer, type Pricing, type CostBasis, type Cost } from "./decide/cost.js";
export { paretoFront, type Axis, type ParetoPoint, type ParetoResult } from "./decide/pareto.js";
export { scorecard, type Scorecard, type ScorecardRow, type CandidateStatus } from "./decide/scorecard.js";
export { recommendation, formatAmount } from "./decide/recommend.js";
export { renderHtmlReport, type HtmlReportInput, type ReportLevel } from "./report/html/html-report.js";
export { reportInputFromRun, promptText } from "./report/html/run-input.js";
export type { Transcript } from "./report/html/transcripts.js";
export { loadRunConfig, interpolate, RUN_CONFIG, type RunConfig, type RunCandidate } from "./runner/run-config.js";
export { starterConfig } from "./runner/run-config-starter.js";
export * from "./standards/usability/public.js";
export { cohensKappa, krippendorffAlpha } from "./standards/usability/judge/agreement.js";
export { lengthControlledWinRate, type LengthControlled } from "./standards/usability/judge/length-controlled.js";
export {
  pairOutcome,
  outcomeScore,
  type Pick,
  type PairedJudgement,
  type PairOutcome,
} from "./standards/usability/judge/pairwise.js";
export { parseScore, parsePick } from "./standards/usability/judge/parse-grade.js";
export {
  RUBRICS,
  rubricNamed,
  singleGradePrompt,
  pairwisePrompt,
  type Rubric,
} from "./standards/usability/judge/rubrics.js";
export {
  summarizeSingle,
  summarizePairwise,
  type SingleSummary,
  type PairwiseSummary,
  type GradeOutcome,
} from "./standards/usability/judge/summarize-judge.js";
export {
  summarizeJudge,
  type JudgeSummary,
  type JudgeLine,
  type Agreement,
} from "./standards/usability/judge/judge-summary.js";
export { judgeSettings, type JudgeFlags } from "./standards/usability/judge/judge-settings.js";
export {
  JUDGE,
  JUDGE_FILE,
  type JudgeSettings,
  type JudgeCall,
  type JudgeVerdict,
} from "./standards/usability/judge/judge-verdict.js";
export {
  judgeTemplates,
  singleMessages,
  pairMessages,
  retryMessages,
  type JudgeTemplate,
  type JudgeQuestion,
} from "./standards/usability/judge/judge-prompt.js";
export { judgePass, type JudgeClient, type JudgeInputs } from "./runner/judge-pass.js";
export { judgePassFor, baselineAnswers, referenceAnswers } from "./runner/judge-setup.js";
export { fitLogistic, sigmoid, type LogisticFit } from "./stats/logistic.js";
export { runChoice, type CandidateRun, type RunLog } from "./runner/run-session.js";
export { CHOICE_SCHEMA, type ChoiceSummary } from "./decide/choice.js";
export { candidateMetrics, type CandidateEvidence, type LevelValues } from "./decide/candidate-metrics.js";
export {
  regressionChecks,
  perturbationChecks,
  type RegressionCheck,
  type PerturbationCheck,
} from "./decide/regression.js";
export {
  COMPARE_CHOICE_SCHEMA,
  pairBy,
  type ChoiceCompareResult,
  type CandidateComparison,
} from "./decide/compare-choice.js";
export { isChoiceDir, readChoiceDir } from "./runner/choice-dir.js";
export { latencyRegressionChecks, type LatencyRegressionCheck } from "./decide/latency-regression.js";
export {
  usabilitySummary,
  parseUsabilityChecks,
  USABILITY_CHECKS,
  type UsabilityResponse,
  type UsabilityChecks,
} from "./standards/usability/usability-summary.js";
export { perturbationVariants, type PerturbationVariant } from "./runner/perturb-variants.js";
export { robustnessItems } from "./runner/robustness-items.js";
export { flipExamples, type FlipExample } from "./runner/robustness-flips.js";
export { choiceReportInput } from "./report/html/choice-input.js";
export { renderScorecard } from "./report/scorecard-table.js";
export { starterTask } from "./workloads/tasks/starter.js";
export { defaultLimitMode, limitItems, LIMIT_MODES, subjectOf, type LimitMode } from "./workloads/limit.js";
export { bySubject, type SubjectAverage, type SubjectScore } from "./standards/accuracy/by-subject.js";
export { renderBySubject } from "./report/subject-table.js";
export { scoreEvalRun } from "./runner/eval-rescore.js";
export { sweepDecoding } from "./runner/sweep-session.js";
export {
  parseDecodingGrid,
  isDefaultPoint,
  SWEEP_KEYS,
  type DecodingPoint,
  type DecodingSweep,
  type SweepPointResult,
} from "./standards/robustness/decoding-grid.js";
export { renderDecodingSweep } from "./report/sweep-table.js";
export {
  addLive,
  emptyLive,
  liveView,
  RATE_WINDOW_S,
  LIVE_TTFT_ERROR,
  type LiveTally,
  type LiveView,
  type LiveRecord,
} from "./standards/efficiency/live-stats.js";
export { progressFigures, formatEta } from "./report/progress-line.js";
export { runWarnings, type RunWarnings } from "./standards/efficiency/run-warnings.js";
export { thinPercentile, thinPercentileWarning } from "./standards/efficiency/validity.js";
export { targetLine } from "./report/target-line.js";
export { renderCalibration } from "./report/calibrate-table.js";
export { wrap, wrapLines, WIDTH } from "./report/wrap.js";
export { unavailableMetrics } from "./standards/accuracy/summarize-eval.js";
