import { existsSync } from "node:fs";
import { cacheDir } from "../cache-dir.js";
import { UserError } from "../errors.js";
import { readJsonl } from "../records/jsonl.js";
import type { ChatMessage } from "../records/protocol.js";
import { isCompleted, type RequestRecord } from "../records/record.js";
import { splitReasoning } from "../standards/accuracy/extract.js";
import { judgeTemplates, type JudgeTemplate } from "../standards/usability/judge/judge-prompt.js";
import type { JudgeSettings } from "../standards/usability/judge/judge-verdict.js";
import { openTarget, type TargetSpec } from "../targets/open-target.js";
import type { Target } from "../targets/target.js";
import { readEvalRecords, readEvalRunJson } from "./eval-dir.js";
import type { Executor } from "./executor.js";
import { inProcessExecutor } from "./executor.js";
import { judgePass, type JudgeClient } from "./judge-pass.js";
import { cachingExecutor, ResponseCache } from "./response-cache.js";
import type { VerdictPass } from "./verdict-pass.js";

/** Room for a short reason and the verdict. */
const JUDGE_MAX_TOKENS = 512;

/** The baseline run's latest completed answer to each item as written (first sample), by item id. */
export function baselineAnswers(dir: string): Map<string, string> {
  readEvalRunJson(dir, "--baseline");
  const out = new Map<string, string>();
  for (const r of readEvalRecords(dir))
    if (r.eval && !r.eval.variant && r.eval.sample === 0 && isCompleted(r))
      out.set(r.eval.item_id, splitReasoning(r.text, r.reasoning).answer);
  return out;
}

/** Reference answers by item id: MT-Bench's reference_answer lines ({question_id, choices: [{turns}]}, first turn), or {id, reference}. */
export function referenceAnswers(path: string): Map<string, string> {
  if (!existsSync(path)) throw new UserError(`--judge-reference ${path}: no such file`);
  const out = new Map<string, string>();
  for (const l of readJsonl<Record<string, unknown>>(path).values) {
    const id = l.question_id ?? l.id;
    const choices = l.choices as Array<{ turns?: unknown[] }> | undefined;
    const ref = typeof l.reference === "string" ? l.reference : choices?.[0]?.turns?.[0];
    if ((typeof id === "string" || typeof id === "number") && typeof ref === "string") out.set(String(id), ref);
  }
  return out;
}

function loadTemplates(path: string): Map<string, JudgeTemplate> {
  if (!existsSync(path)) throw new UserError(`--judge-prompts ${path}: no such file`);
  return judgeTemplates(readJsonl<unknown>(path).values, `--judge-prompts ${path}`);
}

/** A judge as the pass asks it: deterministic (temperature 0, a fixed seed where the judge takes one). */
function executorClient(executor: Executor, target: Target): JudgeClient {
  const caps = target.capabilities;
  const seeded = caps.params === "any" || "seed" in caps.params;
  const params = { temperature: 0, ...(seeded ? { seed: 0 } : {}) };
  let id = 0;
  return {
    async ask(messages: ChatMessage[], repeat: number, signal: AbortSignal): Promise<RequestRecord> {
      const now = performance.now();
      const n = id++;
      const f = await executor.execute(
        { id: `judge-${n}`, messages, maxTokens: JUDGE_MAX_TOKENS, ignoreEos: false, params },
        {
          id: n,
          level: 0,
          load: { mode: "concurrency", value: 1 },
          phase: "measure",
          item: n,
          t0: now,
          tIntended: now,
          tReleased: now,
          // The repeat is the cache key's sample: a repeated question is a draw of its own, not a cache hit.
          eval: { task: "judge", item_id: "judge", sample: repeat },
          inputTokensHint: null,
        },
        signal,
      );
      return f.build();
    },
  };
}

/**
 * The judge pass of a run: what it reads (baseline answers, references, MT-Bench templates) is
 * loaded now, so a wrong path is a user error before anything is judged; the judges are opened
 * only when there is something to judge (a resumed run with every answer graded asks nobody), and
 * a judge that cannot be opened leaves the answers ungraded with the reason, never scored.
 * `specOf` turns a judge's target and model into a spec (the CLI's target flags, its API key).
 */
export function judgePassFor(
  settings: JudgeSettings,
  specOf: (judge: JudgeSettings["judges"][number]) => TargetSpec,
  o: { cache: boolean; secrets: readonly string[]; concurrency: number },
): VerdictPass {
  if (settings.mode === "pairwise" && !settings.baseline)
    throw new UserError("--judge-mode pairwise needs --baseline RUN_DIR (the run to compare with)");
  const baseline = settings.baseline ? baselineAnswers(settings.baseline) : new Map<string, string>();
  const references = settings.reference ? referenceAnswers(settings.reference) : new Map<string, string>();
  const templates = settings.prompts ? loadTemplates(settings.prompts) : null;
  const inputs = { settings, baseline, references, templates, concurrency: o.concurrency };
  const shape = judgePass([], inputs);
  return {
    ...shape,
    async judge(subjects, emit, signal) {
      const targets: Target[] = [];
      const cache = o.cache ? new ResponseCache(cacheDir(), o.secrets) : null;
      try {
        for (const j of settings.judges) {
          try {
            targets.push((await openTarget(specOf(j))).target);
          } catch (err) {
            throw new Error(`judge ${j.target} unreachable: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
        const clients = targets.map((t) =>
          executorClient(cache ? cachingExecutor(inProcessExecutor(t), cache, t.info) : inProcessExecutor(t), t),
        );
        await judgePass(clients, inputs).judge(subjects, emit, signal);
      } finally {
        cache?.close();
        for (const t of targets) await t.close();
      }
    },
  };
}
