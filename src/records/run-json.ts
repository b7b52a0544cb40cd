import { readFileSync } from "node:fs";
import { z } from "zod";
import { UserError } from "../errors.js";
import { parseWithSchemaId } from "./schema-id.js";

/** Schema id of run.json. */
export const RUN_SCHEMA = "infermark.run/1";

const LOAD = z.union([
  z.object({ mode: z.literal("concurrency"), value: z.number() }),
  z.object({ mode: z.literal("rate"), value: z.number(), arrival: z.string(), max_concurrency: z.number().nullable() }),
]);
const SPAN = z.union([z.object({ requests: z.number() }), z.object({ seconds: z.number() })]);
const SPANS = z.object({ warmup: SPAN, measure: SPAN, cooldown: SPAN });

/** The SLO metrics and statistics of standards/efficiency/slo.ts, which records/ may not import (a test checks they agree). */
export const RUN_SLO_METRICS = ["ttft", "tpot", "itl", "e2e", "response"] as const;
export const RUN_SLO_STATS = ["mean", "p50", "p90", "p95", "p99"] as const;
const SLO = z.array(z.object({ metric: z.enum(RUN_SLO_METRICS), stat: z.enum(RUN_SLO_STATS), limit: z.number() }));

/** Fields every run.json has. Unknown fields are kept: a reader takes what it needs, and later fields of the same version stay readable. */
const COMMON = {
  schema: z.literal(RUN_SCHEMA),
  tool: z.object({ name: z.string(), version: z.string() }).optional(),
  command: z.array(z.string()).optional(),
  started_at: z.string().optional(),
  /** The target fingerprint (targets.md). */
  target: z.record(z.string(), z.unknown()),
  host: z.record(z.string(), z.unknown()).optional(),
};

const BENCH_RUN = z.looseObject({
  ...COMMON,
  kind: z.literal("bench"),
  slo: SLO.optional(),
  /** How the prompts were made. */
  workload: z.record(z.string(), z.unknown()).optional(),
  /** What the run planned: lets report say which level a crash cut, and what it lost. */
  schedule: z
    .looseObject({ kind: z.string(), loads: z.array(LOAD).optional(), spans: z.array(SPANS).optional() })
    .optional(),
  level: z.looseObject({ spans: SPANS }).optional(),
});

const EVAL_RUN = z.looseObject({
  ...COMMON,
  kind: z.literal("eval"),
  /** Which task and how it is shaped (the runner's EvalTaskSpec): report and --resume rebuild the same task from it. */
  spec: z.looseObject({
    task: z.string(),
    data: z.string().optional(),
    scorers: z.array(z.string()),
    limit: z.number().nullable(),
    samples: z.number(),
    seed: z.number(),
    fewshot: z.number().optional(),
    maxTokens: z.number().optional(),
    temperature: z.number().optional(),
    logprobs: z.boolean().optional(),
    usability: z.array(z.string()).optional(),
    /** LLM-as-judge settings (the standards' JudgeSettings); the verdicts are in judge.jsonl. */
    judge: z
      .object({
        mode: z.enum(["single", "pairwise"]),
        judges: z.array(z.object({ target: z.string(), model: z.string().optional() })).min(1),
        rubric: z.string(),
        scale: z.tuple([z.number(), z.number()]),
        repeats: z.number().int().min(1),
        baseline: z.string().optional(),
        prompts: z.string().optional(),
        reference: z.string().optional(),
        apiKeyEnv: z.string().optional(),
      })
      .optional(),
  }),
  api: z.enum(["chat", "completions"]),
  prompt_hash: z.string(),
  /** The run's item variants and the prompt each asks in (absent: none); their items are in variants.jsonl. */
  variants: z
    .array(
      z.object({
        name: z.string(),
        seed: z.number(),
        prompt: z.object({
          system: z.string().nullable(),
          template: z.string(),
          answerTemplate: z.string(),
          fewshot: z.number(),
        }),
      }),
    )
    .optional(),
});

const IMPORTED_RUN = z.looseObject({
  ...COMMON,
  kind: z.literal("imported"),
  slo: SLO.optional(),
  /** The source tool's own benchmark durations, which its records cannot carry. */
  imported: z.object({ tool: z.string(), file: z.string(), durations_s: z.array(z.number()) }),
});

const RUN_JSON = z.discriminatedUnion("kind", [BENCH_RUN, EVAL_RUN, IMPORTED_RUN]);

/** run.json of a bench run. */
export type BenchRunJson = z.infer<typeof BENCH_RUN>;
/** run.json of an eval run. */
export type EvalRunJson = z.infer<typeof EVAL_RUN>;
/** run.json of a run made by `infermark import` from another tool's result. */
export type ImportedRunJson = z.infer<typeof IMPORTED_RUN>;
/** run.json of any run, told apart by `kind`. */
export type RunJson = z.infer<typeof RUN_JSON>;

/**
 * The kind of a run.json as written. Eval runs have always said `kind: "eval"`; bench runs (and
 * imports before they said so) did not, and an import is known by its `imported` field.
 */
function kindOf(raw: Record<string, unknown>): unknown {
  if (raw.kind !== undefined) return raw.kind;
  return raw.imported !== undefined ? "imported" : "bench";
}

/** Parses a run.json value (`where` names the file in errors): schema id first, then the fields of its kind. */
export function parseRunJson(where: string, raw: unknown): RunJson {
  const withKind =
    typeof raw === "object" && raw !== null && !Array.isArray(raw)
      ? { ...raw, kind: kindOf(raw as Record<string, unknown>) }
      : raw;
  return parseWithSchemaId(where, withKind, RUN_SCHEMA, RUN_JSON);
}

/** Reads a JSON file whole; a missing file or one that is not JSON is a user error. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UserError(`cannot read ${path}: is this an infermark run directory?`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UserError(`${path} is not valid JSON`);
  }
}

/** Reads and checks a run directory's run.json. */
export function readRunJson(path: string): RunJson {
  return parseRunJson(path, readJsonFile(path));
}
