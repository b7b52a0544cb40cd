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

/** How a caller follows a batch: each result as it ends (so it can be written at once), and a signal that stops new jobs. */
export interface CodeJobWatch {
  onResult?(index: number, result: ExecResult): void;
  signal?: AbortSignal;
}

/**
 * Runs every job under the given isolation, a few at a time (one per core), handing each result to
 * `onResult` as it ends. Once `signal` aborts no new job starts.
 */
export async function watchCodeJobs(
  jobs: readonly CodeJob[],
  isolation: Isolation,
  limits: SandboxLimits,
  watch: CodeJobWatch,
): Promise<void> {
  // One iterator shared by the workers: each takes the next job when it is free.
  const queue = jobs.entries();
  const worker = async (): Promise<void> => {
    for (const [i, job] of queue) {
      if (watch.signal?.aborted) return;
      watch.onResult?.(
        i,
        await runPython(
          programFor(job.problem, completionFrom(job.output, job.problem.entry_point)),
          isolation,
          limits,
        ),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, worker));
}

/** Runs every job under the given isolation and returns the results in job order. */
export async function runCodeJobs(
  jobs: readonly CodeJob[],
  isolation: Isolation,
  limits: SandboxLimits = DEFAULT_LIMITS,
): Promise<ExecResult[]> {
  const results = new Map<number, ExecResult>();
  await watchCodeJobs(jobs, isolation, limits, { onResult: (i, r) => results.set(i, r) });
  return jobs.flatMap((_, i) => results.get(i) ?? []);
}
