import { availableParallelism } from "node:os";
import { completionFrom, programFor, type CodeProblem } from "../standards/accuracy/code-program.js";
import { runPython, type ExecResult, type SandboxOptions } from "./python-sandbox.js";

/** One completion to check against its problem's tests. */
export interface CodeJob {
  problem: CodeProblem;
  /** Model output (fenced or not) or a raw completion. */
  output: string;
}

/** Runs every job in the sandbox, a few at a time (one per core), and returns results in job order. */
export async function runCodeJobs(jobs: readonly CodeJob[], opts?: SandboxOptions): Promise<ExecResult[]> {
  const results = new Array<ExecResult>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      const job = jobs[i]!;
      results[i] = await runPython(programFor(job.problem, completionFrom(job.output, job.problem.entry_point)), opts);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, worker));
  return results;
}
