import { UserError } from "../errors.js";

/** The type a request parameter must have for a target that checks its parameters. */
export type ParamType = "number" | "integer";

/**
 * What a target can do, declared by the target (and by its kind before it is opened, so a
 * request it cannot honour is refused before a slow open). Plain data; nothing in it is secret.
 */
export interface TargetCapabilities {
  /** Who answers, as messages name it: "the embedded engine". */
  name: string;
  /**
   * The request parameters (`--param`) it honours: "any" when they go into a request body that the
   * server judges (an unknown one fails there, as a record), else the closed list with each type.
   */
  params: "any" | Readonly<Record<string, ParamType>>;
  /** It reports log-probabilities of the output tokens. */
  logprobs: boolean;
  /** It stops at stop sequences given with the request. */
  stop: boolean;
  /** It takes OpenAI tool declarations (`tools`) and answers with `tool_calls`. */
  toolCalls: boolean;
  /** It can generate past end-of-sequence (`--ignore-eos`). */
  ignoreEos: boolean;
  /** It can answer in one piece (`--no-stream`); false for a target that always streams token by token. */
  wholeResponses: boolean;
  /** Requests it decodes at once, when known in advance (the engine's sequences); null for a server. A closed loop defaults to this many. */
  slots: number | null;
  /** Where exact prompt token counts come from: its own tokenizer, the server's /tokenize (probed; may be absent), or nowhere. */
  tokenizer: "engine" | "server" | null;
  /** Prometheus text endpoint scraped around each level, or null. */
  metricsUrl: string | null;
  /** Requests can run on worker threads, each reopening the target from `Target.workerSpec`. */
  workerThreads: boolean;
  /** It is reached over HTTP, so `--header` pairs go with every request. */
  headers: boolean;
  /** The CPU this process spends is the client's: false for an engine computing in this process, whose CPU is not client overhead. */
  cpuIsClient: boolean;
  /** It computes on this machine (a loopback or local address, or this process), so every core the client takes is one it lacks. */
  sharesMachine: boolean;
}

/** What a run asks of a target, beyond the prompt. */
export interface ParamRequest {
  /** `--param key=value` pairs, sent as given. */
  params: Readonly<Record<string, unknown>>;
  /** Generate past end-of-sequence. */
  ignoreEos?: boolean;
  /** Log-probabilities are needed (`eval --logprobs`). */
  logprobs?: boolean;
  /** Stop sequences a task asks for; a target without them answers past them (a warning, not an error: the answer is still scored). */
  stop?: readonly string[];
  /** The task declares tools the model may call. */
  tools?: boolean;
  /** `--header` pairs to send with every request. */
  headers?: boolean;
}

/** Why a request cannot be honoured (errors) or will be honoured only in part (warnings), each one line. */
export interface ParamCheck {
  errors: string[];
  warnings: string[];
}

const LOGPROB_PARAMS = ["logprobs", "top_logprobs"];

function typeError(value: unknown, type: ParamType): string | null {
  if (type === "integer") return Number.isInteger(value) ? null : "an integer";
  return typeof value === "number" && Number.isFinite(value) ? null : "a number";
}

/**
 * Checks a request against what the target declares it can do: nothing it cannot honour is
 * dropped silently. Unknown or mistyped parameters of a closed list, log-probabilities, stop
 * parameters and ignore-eos it lacks are errors; a task's stop sequences it cannot apply are a warning.
 */
export function checkParams(caps: TargetCapabilities, req: ParamRequest): ParamCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  const keys = Object.keys(req.params);
  const logprobKeys = keys.filter((k) => LOGPROB_PARAMS.includes(k));
  if (!caps.logprobs) {
    if (req.logprobs) errors.push(`--logprobs: ${caps.name} does not report log-probabilities; use an HTTP target`);
    if (logprobKeys.length)
      errors.push(
        `--param ${logprobKeys.join(", ")}: ${caps.name} does not report log-probabilities; use an HTTP target`,
      );
  }
  if (!caps.stop && keys.includes("stop")) errors.push(`--param stop: ${caps.name} does not take stop sequences`);
  if (!caps.toolCalls && req.tools)
    errors.push(`the task declares tools: ${caps.name} does not take tool declarations; use an HTTP target`);
  if (!caps.headers && req.headers) errors.push(`--header: ${caps.name} is not reached over HTTP; it has no headers`);
  if (!caps.ignoreEos && req.ignoreEos) errors.push(`--ignore-eos: ${caps.name} cannot generate past end-of-sequence`);
  const allowed = caps.params;
  if (allowed !== "any") {
    const claimed = new Set([...(caps.logprobs ? [] : logprobKeys), ...(caps.stop ? [] : ["stop"])]);
    const unknown = keys.filter((k) => !(k in allowed) && !claimed.has(k));
    if (unknown.length)
      errors.push(`--param ${unknown.join(", ")}: ${caps.name} takes only ${Object.keys(allowed).join(", ")}`);
    for (const [k, type] of Object.entries(allowed)) {
      if (!(k in req.params)) continue;
      const want = typeError(req.params[k], type);
      if (want) errors.push(`--param ${k}=${JSON.stringify(req.params[k])}: ${caps.name} takes ${want} for ${k}`);
    }
  }
  if (!caps.stop && req.stop && req.stop.length > 0) {
    warnings.push(
      `stop sequences not applied: ${caps.name} does not take them, so answers run to max_tokens or end-of-sequence`,
    );
  }
  return { errors, warnings };
}

/** checkParams for callers that stop at the first error: throws it as a user error, returns the warnings. */
export function assertParams(caps: TargetCapabilities, req: ParamRequest): string[] {
  const { errors, warnings } = checkParams(caps, req);
  if (errors[0] !== undefined) throw new UserError(errors[0]);
  return warnings;
}
