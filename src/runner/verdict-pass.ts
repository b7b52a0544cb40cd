import { existsSync } from "node:fs";
import { join } from "node:path";
import { JsonlWriter, readJsonl } from "../records/jsonl.js";
import type { EvalTag, RequestRecord } from "../records/record.js";
import { latestVerdicts, type Verdict, type VerdictLine } from "../records/verdict.js";
import type { TaskItem } from "../workloads/tasks/task.js";

/** What a pass judges: one completed answer, with the item as it was asked (the variant's, metadata included). */
export interface PassSubject {
  record: RequestRecord;
  tag: EvalTag;
  item: TaskItem;
  /** The answer with any reasoning trace removed. */
  output: string;
}

/**
 * A step after the run that judges completed records and may be slow or fail: running generated
 * code, instruction checks, an LLM judge. Its verdicts are appended, one line per record, to its
 * own file in the run directory as they arrive, so an interrupted pass resumes where it stopped.
 */
export interface VerdictPass<G extends { status: string } = { status: string }> {
  /** Key of its verdicts in ScoreInput.verdicts and in the summary. */
  name: string;
  /** Its file in the run directory. */
  file: string;
  /** Whether this pass judges the subject at all. */
  applies(subject: PassSubject): boolean;
  /**
   * Judges the subjects, handing each verdict to `emit` as soon as it is ready, in any order. A
   * subject it cannot grade gets an Ungraded verdict with the reason. It stops taking new subjects
   * once `signal` aborts; what it has not emitted by then is judged on resume.
   */
  judge(
    subjects: readonly PassSubject[],
    emit: (index: number, verdict: Verdict<G>) => void,
    signal: AbortSignal,
  ): Promise<void>;
  /** Told, after a session that judged at least one record, how many it judged (the code pass records its sandbox in run.json). */
  sessionEnded?(judged: number): void;
}

/** A pass's verdict file read back: the verdict of each record id (empty when the pass never ran). */
export function readVerdicts(dir: string, file: string): Map<number, VerdictLine> {
  const path = join(dir, file);
  return existsSync(path) ? latestVerdicts(readJsonl<VerdictLine>(path).values) : new Map<number, VerdictLine>();
}

/** The subjects still to judge: those the pass applies to and that have no graded verdict yet (ungraded ones are retried). */
export function pendingSubjects(
  pass: Pick<VerdictPass, "applies">,
  subjects: readonly PassSubject[],
  verdicts: ReadonlyMap<number, VerdictLine>,
): PassSubject[] {
  return subjects.filter((s) => pass.applies(s) && (verdicts.get(s.record.id)?.status ?? "ungraded") === "ungraded");
}

/** The line a verdict is stored as: the record it judges, then the verdict (a variant only on a variant's record). */
export function verdictLine<G extends { status: string }>(s: PassSubject, verdict: Verdict<G>): VerdictLine<G> {
  const variant = s.tag.variant;
  return {
    record_id: s.record.id,
    item_id: s.tag.item_id,
    sample: s.tag.sample,
    ...(variant ? { variant } : {}),
    ...verdict,
  };
}

/**
 * Runs one pass over the subjects that still need it, appending each verdict (redacted) to the
 * pass's file the moment it arrives, and returns every verdict of the run so far. A pass that
 * throws leaves the subjects it never answered ungraded, with the error as the reason: a broken
 * judge is counted, not a crash. An aborted pass leaves them without a verdict, for resume.
 */
export async function runVerdictPass<G extends { status: string }>(
  pass: VerdictPass<G>,
  subjects: readonly PassSubject[],
  dir: string,
  secrets: readonly string[],
  signal: AbortSignal,
): Promise<Map<number, VerdictLine>> {
  const verdicts = readVerdicts(dir, pass.file);
  const pending = pendingSubjects(pass, subjects, verdicts);
  if (pending.length === 0) return verdicts;
  const writer = new JsonlWriter(join(dir, pass.file), secrets);
  const judged = new Set<number>();
  const emit = (index: number, verdict: Verdict<G>): void => {
    const s = pending[index];
    // A pass that answers one subject twice, or one it was not given, must not be counted twice.
    if (!s || judged.has(index)) return;
    judged.add(index);
    const line = verdictLine(s, verdict);
    writer.append(line);
    verdicts.set(s.record.id, line);
  };
  try {
    await pass.judge(pending, emit, signal);
  } catch (err) {
    if (!signal.aborted) {
      const reason = `${pass.name} failed: ${err instanceof Error ? err.message : String(err)}`;
      pending.forEach((_, i) => emit(i, { status: "ungraded", reason }));
    }
  } finally {
    writer.close();
  }
  if (judged.size > 0) pass.sessionEnded?.(judged.size);
  return verdicts;
}
