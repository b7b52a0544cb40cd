import { isCompleted } from "../records/record.js";
import { readJson, writeJson } from "../records/run-dir.js";
import type { CodeProblem } from "../standards/accuracy/code-program.js";
import { CODE_EXECUTION } from "../standards/accuracy/summarize-eval.js";
import { watchCodeJobs } from "./code-eval.js";
import { describeIsolation, type Isolation } from "./sandbox/isolation.js";
import { DEFAULT_LIMITS, type SandboxLimits } from "./sandbox/limits.js";
import type { ExecResult } from "./sandbox/run-python.js";
import type { VerdictPass } from "./verdict-pass.js";

/** Its file, named as before passes existed so that earlier runs report the same. */
export const EXECUTIONS_FILE = "executions.jsonl";

function isCodeProblem(x: unknown): x is CodeProblem {
  if (typeof x !== "object" || x === null) return false;
  const o = x as Record<string, unknown>;
  return typeof o.prompt === "string" && typeof o.test === "string" && typeof o.entry_point === "string";
}

/** Adds one session of code execution to run.json: which isolation ran how many programs ("mixed" when resumed sessions differ). */
function recordCodeSession(runPath: string, session: Record<string, unknown>, secrets: readonly string[]): void {
  const run = readJson<
    Record<string, unknown> & { code_execution?: { isolation: string; sessions: Array<Record<string, unknown>> } }
  >(runPath);
  const sessions = [...(run.code_execution?.sessions ?? []), session];
  const kinds = new Set(sessions.map((s) => s.isolation));
  const [only] = kinds;
  writeJson(runPath, { ...run, code_execution: { isolation: kinds.size === 1 ? only : "mixed", sessions } }, secrets);
}

/**
 * The first verdict pass: every completed answer of a code task is run against its item's tests
 * (item.metadata.code) under `isolation`; executions.jsonl gets one line per program, and run.json
 * one `code_execution` session per invocation that ran any.
 */
export function codeExecutionPass(
  isolation: Isolation,
  runJsonPath: string,
  secrets: readonly string[],
  limits: SandboxLimits = DEFAULT_LIMITS,
): VerdictPass<ExecResult> {
  return {
    name: CODE_EXECUTION,
    file: EXECUTIONS_FILE,
    applies: (s) => isCompleted(s.record),
    async judge(subjects, emit, signal) {
      const jobs: Array<{ index: number; problem: CodeProblem; output: string }> = [];
      subjects.forEach((s, index) => {
        const problem = s.item.metadata.code;
        if (isCodeProblem(problem)) jobs.push({ index, problem, output: s.output });
        else
          emit(index, {
            status: "ungraded",
            reason: `item ${s.item.id} has no code problem (metadata.code with prompt, test, entry_point)`,
          });
      });
      await watchCodeJobs(jobs, isolation, limits, { onResult: (j, r) => emit(jobs[j]?.index ?? -1, r), signal });
    },
    sessionEnded: (judged) =>
      recordCodeSession(
        runJsonPath,
        { at: new Date().toISOString(), executions: judged, ...describeIsolation(isolation, limits) },
        secrets,
      ),
  };
}
