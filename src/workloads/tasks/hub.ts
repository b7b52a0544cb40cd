import { existsSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { request } from "undici";
import { UserError } from "../../errors.js";
import { makeDirs } from "../../make-dirs.js";
import { cacheDir } from "../../cache-dir.js";
import type { PresetName } from "./presets.js";

/** Where each preset lives on the Hugging Face Hub (read through the datasets server's /rows API). */
const SOURCES: Partial<Record<PresetName, { dataset: string; config: string; split: string }>> = {
  gsm8k: { dataset: "openai/gsm8k", config: "main", split: "test" },
  mmlu: { dataset: "cais/mmlu", config: "all", split: "test" },
  arc: { dataset: "allenai/ai2_arc", config: "ARC-Challenge", split: "test" },
  truthfulqa: { dataset: "truthfulqa/truthful_qa", config: "generation", split: "validation" },
  humaneval: { dataset: "openai/openai_humaneval", config: "openai_humaneval", split: "test" },
  ifeval: { dataset: "google/IFEval", config: "default", split: "train" },
};

const PAGE = 100;

/** The datasets-server base URL (INFERMARK_HF_DATASETS_ENDPOINT overrides it, e.g. for a mirror or a test). */
export function datasetsEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return (env.INFERMARK_HF_DATASETS_ENDPOINT ?? "https://datasets-server.huggingface.co").replace(/\/+$/, "");
}

async function fetchRows(name: PresetName): Promise<Array<Record<string, unknown>>> {
  const src = SOURCES[name];
  // MT-Bench's questions are published with FastChat, not as a Hub dataset infermark reads.
  if (!src) throw new Error("infermark knows no Hub copy of it");
  const rows: Array<Record<string, unknown>> = [];
  for (let offset = 0; ; offset += PAGE) {
    const url = `${datasetsEndpoint()}/rows?dataset=${encodeURIComponent(src.dataset)}&config=${encodeURIComponent(src.config)}&split=${src.split}&offset=${offset}&length=${PAGE}`;
    const res = await request(url, { headersTimeout: 15_000, bodyTimeout: 60_000 });
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new Error(`HTTP ${res.statusCode} from ${url}`);
    }
    const page = (await res.body.json()) as { rows?: Array<{ row: Record<string, unknown> }>; num_rows_total?: number };
    const got = page.rows ?? [];
    rows.push(...got.map((r) => r.row));
    if (got.length < PAGE || (page.num_rows_total !== undefined && rows.length >= page.num_rows_total)) return rows;
  }
}

const csvCell = (v: unknown): string => `"${String(v).replace(/"/g, '""')}"`;
const LETTERS = "ABCDEFGHIJ";

/** Writes rows in the file format the preset loader reads; returns the path for --data. */
function writePresetFiles(name: PresetName, rows: Array<Record<string, unknown>>, dir: string): string {
  makeDirs(dir, "dataset cache directory");
  const jsonl = (file: string, lines: unknown[]): string => {
    const path = join(dir, file);
    writeFileSync(`${path}.part`, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
    renameSync(`${path}.part`, path);
    return path;
  };
  switch (name) {
    case "gsm8k":
      return jsonl(
        "test.jsonl",
        rows.map((r) => ({ question: r.question, answer: r.answer })),
      );
    case "humaneval":
      return jsonl("HumanEval.jsonl", rows);
    case "ifeval":
      return jsonl(
        "input_data.jsonl",
        rows.map((r) => ({
          key: r.key,
          prompt: r.prompt,
          instruction_id_list: r.instruction_id_list,
          kwargs: r.kwargs,
        })),
      );
    case "arc":
      return jsonl(
        "ARC-Challenge-Test.jsonl",
        rows.map((r) => {
          const c = r.choices as { text: string[]; label: string[] };
          return {
            id: r.id,
            question: { stem: r.question, choices: c.text.map((text, i) => ({ text, label: c.label[i] })) },
            answerKey: r.answerKey,
          };
        }),
      );
    case "truthfulqa": {
      const path = join(dir, "TruthfulQA.csv");
      const lines = ["Type,Category,Question,Best Answer,Correct Answers,Incorrect Answers,Source"];
      for (const r of rows)
        lines.push(
          [
            r.type,
            r.category,
            r.question,
            r.best_answer,
            (r.correct_answers as string[]).join("; "),
            (r.incorrect_answers as string[]).join("; "),
            r.source,
          ]
            .map(csvCell)
            .join(","),
        );
      writeFileSync(`${path}.part`, lines.join("\n") + "\n");
      renameSync(`${path}.part`, path);
      return path;
    }
    case "mt-bench":
      return jsonl("question.jsonl", rows);
    case "mmlu": {
      const folder = join(dir, "test");
      makeDirs(folder, "dataset cache directory");
      const bySubject = new Map<string, string[]>();
      for (const r of rows) {
        const line = [r.question, ...(r.choices as string[]), LETTERS[r.answer as number]].map(csvCell).join(",");
        bySubject.set(String(r.subject), [...(bySubject.get(String(r.subject)) ?? []), line]);
      }
      for (const [subject, lines] of bySubject)
        writeFileSync(join(folder, `${subject}_test.csv`), lines.join("\n") + "\n");
      return folder;
    }
  }
}

/**
 * The local data of a preset when no --data was given: the cached copy, else a download of the
 * dataset's rows from the Hugging Face datasets server, written in the preset's file format under
 * the cache dir. Unreachable (offline, as on this machine) it fails with one line naming what to pass.
 */
export async function presetData(name: PresetName, offlineHint: string): Promise<string> {
  const dir = join(cacheDir(), "datasets", name);
  const done = join(dir, ".complete");
  if (existsSync(done)) {
    const files = readdirSync(dir).filter((f) => !f.startsWith("."));
    return join(dir, files[0]!);
  }
  let rows: Array<Record<string, unknown>>;
  try {
    rows = await fetchRows(name);
  } catch (err) {
    throw new UserError(
      `--task ${name}: cannot download it from the Hugging Face Hub (${(err as Error).message}); pass --data PATH with ${offlineHint}`,
    );
  }
  const path = writePresetFiles(name, rows, dir);
  writeFileSync(done, `${rows.length} rows from ${SOURCES[name]?.dataset ?? "the Hub"}\n`);
  return path;
}
