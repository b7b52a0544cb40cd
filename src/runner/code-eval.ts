import { availableParallelism } from "node:os";
import { completionFrom, programFor, type CodeProblem } from "../standards/accuracy/code-program.js";
import type { Isolation } from "./sandbox/isolation.js";
import { DEFAULT_LIMITS, type SandboxLimits } from "./sandbox/limits.js";
import { runPython, type ExecResult } from "./sandbox/run-python.js";

/** One completion to check against its problem's tests. */
export interface CodeJob {
  problem: CodeProblem;
  /** Model output (fenced or not) or a raw completion. */
  output: string;
}

/** Runs every job under the given isolation, a few at a time (one per core), and returns results in job order. */
export async function runCodeJobs(jobs: readonly CodeJob[], isolation: Isolation, limits: SandboxLimits = DEFAULT_LIMITS): Promise<ExecResult[]> {
  const results = new Array<ExecResult>(jobs.length);
  // One iterator shared by the workers: each takes the next job when it is free.
  const queue = jobs.entries();
  const worker = async (): Promise<void> => {
    for (const [i, job] of queue) results[i] = await runPython(programFor(job.problem, completionFrom(job.output, job.problem.entry_point)), isolation, limits);
  };
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, worker));
  return results;
}
