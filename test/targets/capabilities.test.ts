import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { assertParams, checkParams, type TargetCapabilities } from "../../src/targets/capabilities.js";
import { llamaCapabilities } from "../../src/targets/llama-params.js";
import { openaiCapabilities } from "../../src/targets/openai.js";

const engine = llamaCapabilities(2);
const http = openaiCapabilities("http://127.0.0.1:8000/v1");
/** A target like a native hosted API: a closed list of parameters, no log-probabilities, stop sequences, no ignore_eos. */
const closedApi: TargetCapabilities = {
  ...http,
  name: "the test API",
  params: { temperature: "number", top_p: "number" },
  logprobs: false,
  ignoreEos: false,
};

describe("checkParams: what a target cannot honour is an error or a warning, never dropped", () => {
  it("an OpenAI-compatible server takes any parameter, log-probabilities, stop and ignore_eos", () => {
    expect(
      checkParams(http, {
        params: { logprobs: true, top_logprobs: 5, stop: ["\n"], repetition_penalty: 1.1 },
        ignoreEos: true,
        logprobs: true,
        stop: ["Q:"],
      }),
    ).toEqual({ errors: [], warnings: [] });
  });

  it("a target without log-probabilities refuses a logprobs parameter and --logprobs, naming itself", () => {
    const { errors } = checkParams(closedApi, { params: { logprobs: true, top_logprobs: 3 }, logprobs: true });
    expect(errors).toEqual([
      "--logprobs: the test API does not report log-probabilities; use an HTTP target",
      "--param logprobs, top_logprobs: the test API does not report log-probabilities; use an HTTP target",
    ]);
  });

  it("the embedded engine rejects an unknown parameter in eval-style checking, and warns that a task's stop sequences are not applied", () => {
    const { errors, warnings } = checkParams(engine, {
      params: { temperature: 0.2, foo: 1, bar: "x" },
      stop: ["\n\n"],
    });
    expect(errors).toEqual(["--param foo, bar: the embedded engine takes only temperature, top_k, top_p, min_p, seed"]);
    expect(warnings).toEqual([
      "stop sequences not applied: the embedded engine does not take them, so answers run to max_tokens or end-of-sequence",
    ]);
  });

  it("the engine refuses a stop parameter as a stop parameter, not as an unknown one", () => {
    expect(checkParams(engine, { params: { stop: ["\n"] } }).errors).toEqual([
      "--param stop: the embedded engine does not take stop sequences",
    ]);
  });

  it("a closed list checks types: a string temperature or a fractional seed would otherwise be ignored by the engine", () => {
    const { errors } = checkParams(engine, { params: { temperature: "hot", seed: 1.5, top_k: 40 } });
    expect(errors).toEqual([
      '--param temperature="hot": the embedded engine takes a number for temperature',
      "--param seed=1.5: the embedded engine takes an integer for seed",
    ]);
  });

  it("--ignore-eos on a target that cannot is an error", () => {
    expect(checkParams(closedApi, { params: {}, ignoreEos: true }).errors).toEqual([
      "--ignore-eos: the test API cannot generate past end-of-sequence",
    ]);
    expect(checkParams(engine, { params: {}, ignoreEos: true }).errors).toEqual([]);
  });

  it("an empty stop list asks nothing", () => {
    expect(checkParams(engine, { params: {}, stop: [] })).toEqual({ errors: [], warnings: [] });
  });

  it("assertParams throws the first error as a user error and returns the warnings", () => {
    expect(() => assertParams(engine, { params: { foo: 1 } })).toThrow(UserError);
    expect(() => assertParams(engine, { params: { foo: 1 } })).toThrow("--param foo: the embedded engine takes only");
    expect(assertParams(engine, { params: { seed: 3 }, stop: ["x"] })).toHaveLength(1);
  });
});

describe("declared capabilities", () => {
  it("the engine: its sequences as slots, its own tokenizer, no worker threads, CPU that is not the client's", () => {
    expect(engine).toMatchObject({
      slots: 2,
      tokenizer: "engine",
      workerThreads: false,
      cpuIsClient: false,
      headers: false,
      metricsUrl: null,
      logprobs: false,
      stop: false,
      wholeResponses: false,
    });
  });

  it("a server: metrics at its origin, worker threads, the client's CPU", () => {
    expect(http).toMatchObject({
      slots: null,
      tokenizer: "server",
      workerThreads: true,
      cpuIsClient: true,
      headers: true,
      metricsUrl: "http://127.0.0.1:8000/metrics",
      wholeResponses: true,
    });
  });
});
