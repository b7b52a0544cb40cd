import { dirname, isAbsolute, join } from "node:path";
import { z } from "zod";
import { corpusScorer, expandScorers, sampleScorer } from "../../standards/accuracy/scorers.js";
import { parseConstraints } from "../../standards/usability/constraints/check.js";
import { compileTools } from "../../standards/usability/tool-calls.js";
import { readYaml, validateYaml } from "../yaml-file.js";
import { fileTask, inferAnswerKind } from "./file-task.js";
import type { Task } from "./task.js";

const METRIC = z
  .string()
  .refine(
    (m) => m === "rouge" || sampleScorer(m) !== null || corpusScorer(m) !== null,
    "unknown metric (see docs/eval.md)",
  );

/** The YAML task schema (docs/eval.md). */
export const TASK_YAML = z.strictObject({
  name: z.string().min(1),
  dataset: z.string().min(1),
  answer: z.enum(["number", "choice", "text"]).optional(),
  metrics: z.array(METRIC).min(1).optional(),
  /** Verifiable constraints every answer must meet (docs/usability-metrics.md); they add the `constraints` metric. */
  constraints: z.array(z.record(z.string(), z.unknown())).min(1).optional(),
  prompt: z
    .strictObject({
      system: z.string().optional(),
      template: z
        .string()
        .refine((t) => t.includes("{input}"), "must contain {input}")
        .optional(),
      answer_template: z.string().optional(),
      fewshot: z.number().int().min(0).optional(),
    })
    .optional(),
  generation: z
    .strictObject({
      max_tokens: z.number().int().min(1).optional(),
      temperature: z.number().min(0).optional(),
      stop: z.array(z.string()).optional(),
      /** OpenAI tool declarations sent with every request; each call the model makes is checked against them. */
      tools: z.array(z.unknown()).min(1).optional(),
    })
    .optional(),
});

/** Reads a YAML task; a problem names the file, line and field. */
export function yamlTask(path: string): Task {
  const file = readYaml(path);
  const y = validateYaml(file, TASK_YAML);
  if (y.constraints) {
    try {
      parseConstraints(y.constraints);
    } catch (err) {
      throw file.error(["constraints"], err instanceof Error ? err.message.replace(/\n/g, "; ") : String(err));
    }
  }
  const tools = y.generation?.tools;
  if (tools) {
    try {
      compileTools(tools);
    } catch (err) {
      throw file.error(["generation", "tools"], err instanceof Error ? err.message.replace(/\n/g, "; ") : String(err));
    }
  }
  const dataset = isAbsolute(y.dataset) ? y.dataset : join(dirname(path), y.dataset);
  const metrics = y.metrics ? expandScorers(y.metrics) : [];
  const base = fileTask(dataset, metrics);
  const answer = y.answer ?? (y.metrics ? inferAnswerKind(metrics, base.items) : base.answer);
  const constraints = y.constraints;
  return {
    ...base,
    ...(constraints
      ? {
          items: base.items.map((it) => ({ ...it, metadata: { ...it.metadata, constraints } })),
          metrics: base.metrics.includes("constraints") ? base.metrics : [...base.metrics, "constraints"],
        }
      : {}),
    name: y.name,
    answer,
    prompt: {
      system: y.prompt?.system ?? null,
      template: y.prompt?.template ?? base.prompt.template,
      answerTemplate: y.prompt?.answer_template ?? base.prompt.answerTemplate,
      fewshot: y.prompt?.fewshot ?? 0,
    },
    generation: {
      maxTokens: y.generation?.max_tokens ?? base.generation.maxTokens,
      temperature: y.generation?.temperature ?? 0,
      stop: y.generation?.stop ?? [],
      ...(tools ? { tools } : {}),
    },
  };
}
