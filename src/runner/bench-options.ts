import { UserError } from "../errors.js";
import type { LoadSpec } from "../records/record.js";
import { parseSlo } from "../standards/efficiency/slo.js";
import { checkParams } from "../targets/capabilities.js";
import { targetCapabilities } from "../targets/open-target.js";
import { resolveTargetSpec, type TargetFlagValues } from "../targets/target-spec.js";
import { FROM_DATASET } from "../workloads/dataset.js";
import { parseLength } from "../workloads/length.js";
import { parseArrival } from "./arrivals.js";
import { autoWorkers } from "./auto-workers.js";
import type { BenchOptions, Schedule } from "./bench-session.js";
import type { Span } from "./phases.js";

/** `infermark bench`'s flags as plain, typed data: what the CLI parsed, its defaults included (only the engine's threads default here). */
export interface BenchFlags extends TargetFlagValues {
  /** --param key=value pairs. */
  param: Record<string, unknown>;
  stream: boolean;
  initialRequest: boolean;
  concurrency?: number[];
  rate?: number[];
  arrival: string;
  maxConcurrency?: number;
  sweep?: number;
  findMax?: true | "rate" | "concurrency";
  repeats: number;
  precision: number;
  maxProbes: number;
  sloMargin: number;
  /** e.g. "ttft.p95<500,tpot.p95<50". */
  slo?: string;
  failOnSlo: boolean;
  /** Requests measured per level; DEFAULT_REQUESTS when neither this nor `duration` is given. */
  requests?: number;
  /** Seconds measured per level, instead of `requests`. */
  duration?: number;
  rampUp: number;
  warmup: Span;
  cooldown: Span;
  workers: "auto" | number;
  /** "N" or "N:SD". */
  inputTokens: string;
  /** "N", "N:SD", or "dataset" (each row's reply length; needs `dataset`). */
  outputTokens: string;
  ignoreEos: boolean;
  sharedPrefix: number;
  seed: number;
  dataset?: string;
  /** Run directory. */
  out: string;
  /** The command line, for run.json. */
  command: string[];
}

/** A bench run as decided from its flags: the options for bench(), whether a missed SLO fails the command, and what to warn about. */
export interface ResolvedBench {
  options: BenchOptions;
  /** Exit non-zero (3) when a level misses the SLO. */
  failOnSlo: boolean;
  /** One line each, for stderr: things the run will do differently from what was asked. */
  warnings: string[];
}

/** Requests measured per level when neither --requests nor --duration says. */
export const DEFAULT_REQUESTS = 100;

/** HTTP pool size for open-loop levels, whose number of requests in flight is not known in advance. */
const OPEN_LOOP_CONNECTIONS = 256;
/** --max-concurrency default for --sweep and --find-max: their throughput level. */
const SEARCH_CONCURRENCY = 32;

/**
 * Decides a bench run from its flags, as vitest's resolveConfig does: the mode rules (one way to
 * apply load, searches need an SLO, timed cooldowns need a known end), the target's capabilities
 * (parameters it cannot honour, its default concurrency, worker threads) and the pool and thread
 * sizing. Every problem is a one-line UserError; nothing is opened or written.
 */
export function resolveBenchOptions(f: BenchFlags): ResolvedBench {
  // Connections are sized below, once the load is known; they change nothing the capabilities say.
  const partial = resolveTargetSpec(f, { stream: f.stream, connections: 0 });
  const caps = targetCapabilities(partial);
  const check = checkParams(caps, { params: f.param, ignoreEos: f.ignoreEos, headers: partial.headers !== undefined });
  if (check.errors[0] !== undefined) throw new UserError(check.errors[0]);
  const openLoop = Boolean(f.rate || f.sweep || f.findMax);
  const modes = [
    f.concurrency && "--concurrency",
    f.rate && "--rate",
    f.sweep && "--sweep",
    f.findMax && "--find-max",
  ].filter(Boolean);
  if (modes.length > 1) throw new UserError(`${modes.join(" and ")} cannot be combined: choose one way to apply load`);
  parseArrival(f.arrival);
  const slo = f.slo ? parseSlo(f.slo) : [];
  if (f.findMax && slo.length === 0) throw new UserError(`--find-max needs --slo, e.g. --slo "ttft.p95<500"`);
  if (f.failOnSlo && slo.length === 0) throw new UserError(`--fail-on-slo needs --slo`);
  if (f.requests !== undefined && f.duration !== undefined)
    throw new UserError(
      `--requests and --duration cannot be combined: a level ends after N requests or after S seconds`,
    );
  if ("seconds" in f.cooldown && f.duration === undefined && !openLoop)
    throw new UserError(`--cooldown in seconds needs --duration (a closed-loop level's end is not known in advance)`);
  const input = parseLength(f.inputTokens, "--input-tokens");
  const output = f.outputTokens.trim() === FROM_DATASET ? FROM_DATASET : parseLength(f.outputTokens, "--output-tokens");
  if (output === FROM_DATASET && !f.dataset)
    throw new UserError(
      "--output-tokens dataset takes each request's length from the dataset's replies: give --data FILE (ShareGPT JSON or JSONL with replies)",
    );

  const searchConcurrency = f.maxConcurrency ?? SEARCH_CONCURRENCY;
  // --max-concurrency alone is a closed loop at that many, as vLLM's benchmark runs it with no --request-rate;
  // else a target that decodes a known number of requests at once (the engine's --parallel) is loaded with that many.
  const closedCap = !openLoop && f.maxConcurrency !== undefined ? [f.maxConcurrency] : undefined;
  const concurrency = f.concurrency ?? closedCap ?? [caps.slots ?? 1];
  const rateLoad = (value: number): LoadSpec => ({
    mode: "rate",
    value,
    arrival: f.arrival,
    max_concurrency: f.maxConcurrency ?? null,
  });
  const schedule: Schedule = f.sweep
    ? { kind: "sweep", rates: f.sweep, maxConcurrency: searchConcurrency }
    : f.findMax
      ? {
          kind: "find-max",
          metric: f.findMax === true ? "rate" : f.findMax,
          maxConcurrency: searchConcurrency,
          repeats: f.repeats,
          precision: f.precision,
          maxProbes: f.maxProbes,
          margin: f.sloMargin,
        }
      : {
          kind: "levels",
          loads: f.rate ? f.rate.map(rateLoad) : concurrency.map((value) => ({ mode: "concurrency" as const, value })),
        };
  const connections = Math.max(...concurrency, f.maxConcurrency ?? 0, openLoop ? OPEN_LOOP_CONNECTIONS : 0);
  // Open-loop levels without a cap have no known stream count: one thread, and the client_limited verdict says when to add more.
  const streams = openLoop ? (f.maxConcurrency ?? 0) : Math.max(...concurrency);
  const workers = f.workers === "auto" ? autoWorkers(caps.workerThreads, streams) : f.workers;
  const warnings = [...check.warnings];
  if (!f.stream && !caps.wholeResponses)
    warnings.push(`--no-stream: ${caps.name} always streams token by token; its timings are per token`);
  if (workers > 1 && !caps.workerThreads)
    warnings.push(`--workers ${workers}: ${caps.name} does not run on worker threads; its requests run on this thread`);

  const options: BenchOptions = {
    target: { ...partial, connections },
    workload: {
      ...(f.dataset ? { dataset: f.dataset } : {}),
      seed: f.seed,
      input,
      output,
      sharedPrefix: f.sharedPrefix,
    },
    schedule,
    level: {
      spans: {
        warmup: f.warmup,
        measure: f.duration !== undefined ? { seconds: f.duration } : { requests: f.requests ?? DEFAULT_REQUESTS },
        cooldown: f.cooldown,
      },
      seed: f.seed,
      rampUpS: f.rampUp,
      arrival: f.arrival,
      maxConcurrency: f.maxConcurrency ?? null,
    },
    ignoreEos: f.ignoreEos,
    initialRequest: f.initialRequest,
    params: f.param,
    slo,
    workers,
    outDir: f.out,
    command: f.command,
  };
  return { options, failOnSlo: f.failOnSlo, warnings };
}
