import type { RequestRecord } from "../records/record.js";
import type { TargetCapabilities } from "../targets/capabilities.js";
import type { Task } from "../workloads/tasks/task.js";
import type { Workload, WorkItem } from "../workloads/workload.js";
import { RequestRunner, type RunnerHooks, type RunnerSignals } from "./request-runner.js";
import type { Executor } from "./executor.js";

/**
 * The body fields every request of the task carries: the task's temperature and stop strings, log-probabilities when asked, then the user's --param.
 * What the target cannot honour was refused or warned about by checkParams before any request; stop strings are sent only where they are honoured.
 */
export function requestParams(
  task: Pick<Task, "generation">,
  caps: Pick<TargetCapabilities, "stop">,
  api: "chat" | "completions",
  logprobs: boolean,
  user: Record<string, unknown>,
): Record<string, unknown> {
  const params: Record<string, unknown> = {
    ...(task.generation.temperature !== undefined ? { temperature: task.generation.temperature } : {}),
    ...user,
  };
  if (task.generation.stop.length > 0 && caps.stop) params.stop = task.generation.stop;
  if (task.generation.tools) params.tools = task.generation.tools;
  if (logprobs) Object.assign(params, api === "chat" ? { logprobs: true, top_logprobs: 20 } : { logprobs: 20 });
  return params;
}

/** How the planned requests are sent. */
export interface RunSettings {
  concurrency: number;
  params: Record<string, unknown>;
  seed: number;
  /** The first record id (a resume numbers on after the run's records; default 0). */
  firstId?: number;
}

/**
 * Sends the planned requests through the runner bench uses (one closed-loop level at the given
 * concurrency), handing each record to `hooks.onRecord` as it finishes; returns this session's records.
 */
export async function runEvalRequests(
  executor: Executor,
  requests: readonly WorkItem[],
  settings: RunSettings,
  hooks: RunnerHooks,
  signals: RunnerSignals,
): Promise<RequestRecord[]> {
  if (requests.length === 0) return [];
  const workload: Workload = {
    describe: { requests: requests.length },
    item: (i) => {
      const w = requests[i];
      if (!w) throw new Error(`eval workload has ${requests.length} requests, asked for #${i}`);
      return w;
    },
  };
  const runner = new RequestRunner(
    executor,
    { workload, ignoreEos: false, params: settings.params },
    hooks,
    signals,
    performance.now(),
    settings.firstId ?? 0,
  );
  return runner.level({
    load: { mode: "concurrency", value: settings.concurrency },
    spans: { warmup: { requests: 0 }, measure: { requests: requests.length }, cooldown: { requests: 0 } },
    seed: settings.seed,
    rampUpS: 0,
  });
}
