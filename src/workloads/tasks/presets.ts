import { readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { UserError } from "../../errors.js";
import { createRng, mixSeed, permutation } from "../../stats/rng.js";
import { readJsonlObjects } from "../jsonl-file.js";
import { readTextFile } from "../text-file.js";
import { LETTERS, type Task, type TaskItem } from "./task.js";

/** Built-in benchmark presets; each reads the public file format from a local path. */
export const PRESETS = ["gsm8k", "mmlu", "arc", "truthfulqa", "humaneval", "ifeval", "mt-bench"] as const;
/** One of PRESETS. */
export type PresetName = (typeof PRESETS)[number];

/** Where to get each preset's files, for the message when none is given (the Hub is not reached from here). */
const WHERE: Record<PresetName, string> = {
  gsm8k: "test.jsonl from openai/grade-school-math (rows with question and answer ending in #### N)",
  mmlu: "a folder of *_test.csv files (or one CSV) from hendrycks/test: question, four options, answer letter",
  arc: "ARC-Challenge-Test.jsonl / ARC-Easy-Test.jsonl from allenai/ai2_arc",
  truthfulqa: "TruthfulQA.csv from sylinrl/TruthfulQA",
  humaneval: "HumanEval.jsonl from openai/human-eval (task_id, prompt, test, entry_point)",
  ifeval: "input_data.jsonl from google-research/instruction_following_eval (key, prompt, instruction_id_list, kwargs)",
  "mt-bench": "question.jsonl from lm-sys/FastChat's llm_judge data (question_id, category, turns, reference)",
};

/** What local file a preset reads, for messages. */
export function presetHint(name: PresetName): string {
  return WHERE[name];
}

function requireData(name: PresetName, data: string | undefined): string {
  if (!data)
    throw new UserError(
      `--task ${name} needs its data file: pass --data PATH with ${WHERE[name]} (downloading from the Hugging Face Hub is not available offline)`,
    );
  return data;
}

function csvRows(path: string): string[][] {
  try {
    const rows: string[][] = parseCsv(readTextFile(path), { relax_column_count: true });
    return rows;
  } catch (err) {
    throw new UserError(`cannot read ${path} as CSV: ${(err as Error).message}`);
  }
}

const choicesBlock = '{input}\n\n{choices}\n\nAnswer with the letter of the correct option, as "Answer: X".';

function gsm8k(path: string): Task {
  const rows = readJsonlObjects(path);
  const items: Array<TaskItem & { solution: string }> = rows.map(({ value, where }, i) => {
    const q = value.question;
    const a = value.answer;
    if (typeof q !== "string" || typeof a !== "string")
      throw new UserError(`${where}: a GSM8K row needs "question" and "answer" strings`);
    const m = /####\s*(.+)\s*$/.exec(a);
    if (!m) throw new UserError(`${where}: the answer has no "#### N" final line`);
    return {
      id: `gsm8k-${i}`,
      input: q,
      targets: [m[1]!.replace(/,/g, "").trim()],
      choices: [],
      metadata: {},
      solution: a.replace(/<<[^>]*>>/g, ""),
    };
  });
  return {
    name: "gsm8k",
    source: path,
    items,
    fewshotPool: items,
    prompt: {
      system: null,
      template: 'Question: {input}\nSolve it step by step, then give the final answer on its own line as "#### N".',
      answerTemplate: "{solution}",
      fewshot: 0,
    },
    answer: "number",
    metrics: ["numeric"],
    generation: { maxTokens: 512, temperature: 0, stop: [] },
  };
}

function mmluItems(path: string): TaskItem[] {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => f.endsWith(".csv"))
        .sort()
        .map((f) => join(path, f))
    : [path];
  const items: TaskItem[] = [];
  for (const file of files) {
    const rows = csvRows(file);
    // The original files have no header; some copies have "Question,A,B,C,D,Answer".
    const start = rows[0] && rows[0][0]?.toLowerCase() === "question" ? 1 : 0;
    const subject = basename(file).replace(/_test\.csv$|\.csv$/, "");
    rows.slice(start).forEach((r, i) => {
      if (r.length < 6 || !/^[A-D]$/.test(r[5]!.trim()))
        throw new UserError(
          `${file}:${i + start + 1}: an MMLU row needs a question, four options and an answer letter A-D`,
        );
      items.push({
        id: `${subject}-${i}`,
        input: r[0]!,
        targets: [r[5]!.trim()],
        choices: r.slice(1, 5),
        metadata: { subject },
      });
    });
  }
  return items;
}

function mcTask(name: string, source: string, items: TaskItem[]): Task {
  return {
    name,
    source,
    items,
    fewshotPool: items,
    prompt: { system: null, template: choicesBlock, answerTemplate: "Answer: {target}", fewshot: 0 },
    answer: "choice",
    metrics: ["choice"],
    generation: { maxTokens: 32, temperature: 0, stop: [] },
  };
}

function arcItems(path: string): TaskItem[] {
  return readJsonlObjects(path).map(({ value, where }) => {
    const q = value.question as { stem?: unknown; choices?: Array<{ text?: unknown; label?: unknown }> } | undefined;
    if (!q || typeof q.stem !== "string" || !Array.isArray(q.choices) || typeof value.answerKey !== "string")
      throw new UserError(`${where}: an ARC row needs question.stem, question.choices and answerKey`);
    const labels = q.choices.map((c) => String(c.label));
    const idx = labels.indexOf(value.answerKey);
    if (idx < 0)
      throw new UserError(`${where}: answerKey ${value.answerKey} is not one of the labels ${labels.join(", ")}`);
    // Labels may be 1-4 in some rows: options are re-lettered A, B, ... in order.
    return {
      id: typeof value.id === "string" ? value.id : where,
      input: q.stem,
      targets: [LETTERS[idx]!],
      choices: q.choices.map((c) => String(c.text)),
      metadata: {},
    };
  });
}

/** TruthfulQA as multiple choice: the best answer among the incorrect ones, in a seeded order per question. */
function truthfulqaItems(path: string, seed: number): TaskItem[] {
  const rows = csvRows(path);
  const header = rows[0] ?? [];
  const col = (name: string): number => header.indexOf(name);
  const [q, best, wrong] = [col("Question"), col("Best Answer"), col("Incorrect Answers")];
  if (q < 0 || best < 0 || wrong < 0)
    throw new UserError(`${path}: expected the TruthfulQA.csv header with Question, Best Answer and Incorrect Answers`);
  return rows.slice(1).map((r, i) => {
    const options = [
      r[best]!.trim(),
      ...r[wrong]!.split(";")
        .map((s) => s.trim())
        .filter(Boolean),
    ];
    const order = permutation(options.length, createRng(mixSeed(seed, i, 0x7a)));
    const choices = order.map((j) => options[j]!);
    return {
      id: `truthfulqa-${i}`,
      input: r[q]!,
      targets: [LETTERS[order.indexOf(0)]!],
      choices,
      metadata: { category: r[col("Category")] ?? null },
    };
  });
}

/** IFEval: each prompt asked as written; its instructions go in the item's metadata for the ifeval scorers (no target: the instructions are the check). */
function ifeval(path: string): Task {
  const items: TaskItem[] = readJsonlObjects(path).map(({ value: v, where }) => {
    if (
      typeof v.prompt !== "string" ||
      !Array.isArray(v.instruction_id_list) ||
      !Array.isArray(v.kwargs) ||
      v.kwargs.length !== v.instruction_id_list.length
    ) {
      throw new UserError(
        `${where}: an IFEval row needs a prompt and instruction_id_list and kwargs lists of equal length`,
      );
    }
    const id = `ifeval-${typeof v.key === "number" || typeof v.key === "string" ? String(v.key) : where}`;
    return {
      id,
      input: v.prompt,
      targets: [],
      choices: [],
      metadata: { ifeval: { prompt: v.prompt, instruction_id_list: v.instruction_id_list, kwargs: v.kwargs } },
    };
  });
  return {
    name: "ifeval",
    source: path,
    items,
    fewshotPool: [],
    prompt: { system: null, template: "{input}", answerTemplate: "{target}", fewshot: 0 },
    answer: "text",
    metrics: ["ifeval", "ifeval_loose"],
    generation: { maxTokens: 1280, temperature: 0, stop: [] },
  };
}

/** The categories MT-Bench grades against a reference answer. */
const NEEDS_REFERENCE = new Set(["math", "reasoning", "coding"]);

/**
 * MT-Bench's questions, first turn only (the second turn needs the model's first answer in the
 * conversation, which a one-request item cannot carry). No metric of its own: it is for --judge.
 * Items are named by question_id, so MT-Bench's reference_answer files join on it.
 */
function mtBench(path: string): Task {
  const items: TaskItem[] = readJsonlObjects(path).map(({ value: v, where }) => {
    const turn = Array.isArray(v.turns) ? (v.turns[0] as unknown) : undefined;
    if ((typeof v.question_id !== "number" && typeof v.question_id !== "string") || typeof turn !== "string")
      throw new UserError(`${where}: an MT-Bench row needs question_id and a list of turns`);
    const category = typeof v.category === "string" ? v.category : null;
    const ref = Array.isArray(v.reference) ? (v.reference[0] as unknown) : undefined;
    const reference = typeof ref === "string" && category !== null && NEEDS_REFERENCE.has(category) ? ref : undefined;
    return {
      id: String(v.question_id),
      input: turn,
      targets: [],
      choices: [],
      metadata: { category, ...(reference !== undefined ? { reference } : {}) },
    };
  });
  return {
    name: "mt-bench",
    source: path,
    items,
    fewshotPool: [],
    prompt: { system: null, template: "{input}", answerTemplate: "{target}", fewshot: 0 },
    answer: "text",
    metrics: [],
    generation: { maxTokens: 1024, temperature: 0, stop: [] },
  };
}

/** HumanEval problems: the model completes the function, which is then run against the problem's tests (metric `pass`). */
export function readCodeProblems(path: string): TaskItem[] {
  return readJsonlObjects(path).map(({ value: v, where }) => {
    if (
      typeof v.task_id !== "string" ||
      typeof v.prompt !== "string" ||
      typeof v.test !== "string" ||
      typeof v.entry_point !== "string"
    ) {
      throw new UserError(`${where}: a HumanEval row needs task_id, prompt, test and entry_point strings`);
    }
    const code = { prompt: v.prompt, test: v.test, entry_point: v.entry_point };
    return {
      id: v.task_id,
      input: v.prompt,
      targets: [typeof v.canonical_solution === "string" ? v.canonical_solution : ""],
      choices: [],
      metadata: { code },
    };
  });
}

function humaneval(path: string): Task {
  const items = readCodeProblems(path);
  return {
    name: "humaneval",
    source: path,
    items,
    fewshotPool: items,
    prompt: {
      system: null,
      template:
        "Complete this Python function. Reply with the whole function in one ```python code block.\n\n```python\n{input}```",
      answerTemplate: "{target}",
      fewshot: 0,
    },
    answer: "code",
    metrics: ["pass"],
    generation: { maxTokens: 512, temperature: 0, stop: [] },
  };
}

/** Loads a preset from its local files. */
export function loadPreset(name: PresetName, data: string | undefined, seed: number): Task {
  const path = requireData(name, data);
  switch (name) {
    case "gsm8k":
      return gsm8k(path);
    case "mmlu":
      return mcTask("mmlu", path, mmluItems(path));
    case "arc":
      return mcTask("arc", path, arcItems(path));
    case "truthfulqa":
      return mcTask("truthfulqa", path, truthfulqaItems(path, seed));
    case "humaneval":
      return humaneval(path);
    case "ifeval":
      return ifeval(path);
    case "mt-bench":
      return mtBench(path);
  }
}
