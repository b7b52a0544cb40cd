import type { ChatMessage } from "../records/protocol.js";
import { isCompleted, isFailed, type RequestRecord } from "../records/record.js";
import type { Verdict } from "../records/verdict.js";
import {
  pairMessages,
  retryMessages,
  singleMessages,
  type JudgeTemplate,
} from "../standards/usability/judge/judge-prompt.js";
import {
  JUDGE,
  JUDGE_FILE,
  type JudgeCall,
  type JudgeSettings,
  type JudgeVerdict,
} from "../standards/usability/judge/judge-verdict.js";
import { parsePick, parseScore } from "../standards/usability/judge/parse-grade.js";
import type { TaskItem } from "../workloads/tasks/task.js";
import type { PassSubject, VerdictPass } from "./verdict-pass.js";

/** One judge as the pass sees it: ask messages, get the record of its answer (completed or failed). */
export interface JudgeClient {
  /** `repeat` keeps repeated questions apart in the response cache. */
  ask(messages: ChatMessage[], repeat: number, signal: AbortSignal): Promise<RequestRecord>;
}

/** What the pass needs besides the judges: plain data, loaded by the caller. */
export interface JudgeInputs {
  settings: JudgeSettings;
  /** Pairwise: the baseline run's answer to each item id. */
  baseline: ReadonlyMap<string, string>;
  /** Reference answers by item id (also taken from an item's metadata.reference). */
  references: ReadonlyMap<string, string>;
  templates: ReadonlyMap<string, JudgeTemplate> | null;
  concurrency: number;
}

/** The question as the user would read it: the item's text, or its last user message. */
function questionOf(item: TaskItem): string {
  if (typeof item.input === "string") return item.input;
  return item.input.filter((m) => m.role === "user").at(-1)?.content ?? "";
}

function referenceOf(item: TaskItem, refs: ReadonlyMap<string, string>): string | undefined {
  const own = item.metadata.reference;
  return refs.get(item.id) ?? (typeof own === "string" && own !== "" ? own : undefined);
}

/** Asks one question, and once more after a reply that does not parse; the call records both attempts. */
async function askParsed(
  client: JudgeClient,
  base: Omit<JudgeCall, "replies" | "parsed" | "error" | "tokens" | "latency_ms" | "cached">,
  parse: (reply: string) => { ok: true; value: number | string } | { ok: false; reason: string },
  pairwise: boolean,
  signal: AbortSignal,
): Promise<JudgeCall> {
  const call: JudgeCall = {
    ...base,
    replies: [],
    parsed: null,
    error: null,
    tokens: { input: 0, output: 0 },
    latency_ms: 0,
    cached: true,
  };
  let messages = base.prompt;
  for (let attempt = 0; attempt < 2; attempt++) {
    const r = await client.ask(messages, base.repeat, signal);
    call.cached &&= r.cached === true;
    if (!r.cached) call.latency_ms += r.t_end - r.t_sent;
    call.tokens.output += r.tokens.output;
    call.tokens.input =
      call.tokens.input === null || r.tokens.input === null ? null : call.tokens.input + r.tokens.input;
    if (isFailed(r)) {
      call.error = `judge request failed (${r.error.kind}): ${r.error.message}`;
      return call;
    }
    call.replies.push(r.text);
    const p = parse(r.text);
    if (p.ok) {
      call.parsed = p.value as JudgeCall["parsed"];
      call.error = null;
      return call;
    }
    // A reply cut at the token budget usually lost its verdict at the end: said, so the reason is plain.
    const reason = r.finish_reason === "length" ? `${p.reason}; the reply was cut at its token limit` : p.reason;
    call.error = attempt === 0 ? reason : `unparseable twice: ${reason}`;
    messages = retryMessages(base.prompt, r.text, p.reason, pairwise);
  }
  return call;
}

/**
 * The LLM-as-judge pass: every completed answer to an item as written is graded by each judge of
 * the panel, --judge-repeats times, on a rubric (single) or against the baseline's answer in both
 * orders (pairwise). An answer some judge could not grade (unreachable, unparseable twice, no
 * baseline answer) is ungraded, with every call that was made kept, and asked again on resume.
 */
export function judgePass(clients: readonly JudgeClient[], inputs: JudgeInputs): VerdictPass<JudgeVerdict> {
  const s = inputs.settings;
  const pairwise = s.mode === "pairwise";
  const parse = pairwise
    ? parsePick
    : (reply: string): ReturnType<typeof parseScore> => parseScore(reply, s.scale[0], s.scale[1]);

  async function judgeOne(subject: PassSubject, signal: AbortSignal): Promise<Verdict<JudgeVerdict>> {
    const question = questionOf(subject.item);
    const reference = referenceOf(subject.item, inputs.references);
    const other = inputs.baseline.get(subject.item.id);
    if (pairwise && other === undefined)
      return { status: "ungraded", reason: `the baseline run has no answer to item ${subject.item.id}`, calls: [] };
    const calls: JudgeCall[] = [];
    for (let judge = 0; judge < clients.length; judge++) {
      const client = clients[judge];
      if (!client) continue;
      for (let repeat = 0; repeat < s.repeats; repeat++) {
        const asks: Array<Pick<JudgeCall, "order" | "prompt">> =
          pairwise && other !== undefined
            ? [
                {
                  order: "model_first",
                  prompt: pairMessages(question, subject.output, other, reference, inputs.templates),
                },
                {
                  order: "model_second",
                  prompt: pairMessages(question, other, subject.output, reference, inputs.templates),
                },
              ]
            : [
                {
                  order: null,
                  prompt: singleMessages(
                    { question, answer: subject.output, ...(reference !== undefined ? { reference } : {}) },
                    s.rubric,
                    s.scale,
                    inputs.templates,
                  ),
                },
              ];
        for (const a of asks) {
          if (signal.aborted) throw new Error("aborted");
          calls.push(await askParsed(client, { judge, repeat, ...a }, parse, pairwise, signal));
        }
      }
    }
    const failed = calls.find((c) => c.parsed === null);
    if (failed) return { status: "ungraded", reason: failed.error ?? "no grade", calls };
    return {
      status: "graded",
      mode: s.mode,
      calls,
      model_chars: subject.output.length,
      ...(other !== undefined ? { baseline_chars: other.length } : {}),
    };
  }

  return {
    name: JUDGE,
    file: JUDGE_FILE,
    applies: (subject) => isCompleted(subject.record) && !subject.tag.variant,
    async judge(subjects, emit, signal) {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (!signal.aborted) {
          const i = next++;
          const subject = subjects[i];
          if (!subject) return;
          try {
            emit(i, await judgeOne(subject, signal));
          } catch (err) {
            // Aborted: left without a verdict, judged on resume.
            if (signal.aborted) return;
            emit(i, {
              status: "ungraded",
              reason: `judge failed: ${err instanceof Error ? err.message : String(err)}`,
            });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, inputs.concurrency) }, worker));
    },
  };
}
