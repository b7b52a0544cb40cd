import { dirname, isAbsolute, join } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { UserError } from "../../errors.js";
import { corpusScorer, expandScorers, sampleScorer } from "../../standards/accuracy/scorers.js";
import { readTextFile } from "../text-file.js";
import { fileTask, inferAnswerKind } from "./file-task.js";
import type { Task } from "./task.js";

const METRIC = z.string().refine((m) => m === "rouge" || sampleScorer(m) !== null || corpusScorer(m) !== null, "unknown metric (see docs/eval.md)");

/** The YAML task schema (docs/eval.md). */
export const TASK_YAML = z.strictObject({
  name: z.string().min(1),
  dataset: z.string().min(1),
  answer: z.enum(["number", "choice", "text"]).optional(),
  metrics: z.array(METRIC).min(1).optional(),
  prompt: z
    .strictObject({
      system: z.string().optional(),
      template: z.string().refine((t) => t.includes("{input}"), "must contain {input}").optional(),
      answer_template: z.string().optional(),
      fewshot: z.number().int().min(0).optional(),
    })
    .optional(),
  generation: z
    .strictObject({
      max_tokens: z.number().int().min(1).optional(),
      temperature: z.number().min(0).optional(),
      stop: z.array(z.string()).optional(),
    })
    .optional(),
});

/** Reads a YAML task; a problem names the file, line and field. */
export function yamlTask(path: string): Task {
  let text: string;
  try {
    text = readTextFile(path);
  } catch {
    throw new UserError(`cannot read ${path}: no such file or not readable`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new UserError(`${path}:${e.linePos?.[0]?.line ?? "?"}: invalid YAML: ${e.message.split("\n")[0]}`);
  }
  const parsed = TASK_YAML.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // Point at the deepest node of the path that exists in the file.
    let line = 1;
    for (let depth = issue.path.length; depth >= 0; depth--) {
      const node = doc.getIn(issue.path.slice(0, depth) as Array<string | number>, true) as { range?: [number, number, number] } | undefined;
      if (node?.range) {
        line = lines.linePos(node.range[0]).line;
        break;
      }
    }
    const field = issue.path.join(".") || "(top level)";
    throw new UserError(`${path}:${line}: ${field}: ${issue.message}`);
  }
  const y = parsed.data;
  const dataset = isAbsolute(y.dataset) ? y.dataset : join(dirname(path), y.dataset);
  const metrics = y.metrics ? expandScorers(y.metrics) : [];
  const base = fileTask(dataset, metrics);
  const answer = y.answer ?? (y.metrics ? inferAnswerKind(metrics, base.items) : base.answer);
  return {
    ...base,
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
    },
  };
}
