import type { PromptLengths } from "../standards/efficiency/prompt-lengths.js";
import { createRedactor, type Redactor } from "../records/redact.js";
import type { CompareResult } from "../standards/accuracy/compare-eval.js";
import type { BenchCompareResult } from "../standards/efficiency/compare-bench.js";
import { scoreJson, type ScoreResult } from "../standards/accuracy/score-rows.js";
import type { EvalSummary } from "../standards/accuracy/summarize-eval.js";
import type { compatView } from "../standards/efficiency/compat/index.js";
import type { BenchSummary } from "../standards/efficiency/summarize.js";
import { promptLengthLine, renderBenchSummary } from "./bench-table.js";
import { renderCompareBench } from "./compare-bench-table.js";
import type { ChoiceCompareResult } from "../decide/compare-choice.js";
import { renderCompareChoice } from "./compare-choice-table.js";
import { renderCompare } from "./compare-table.js";
import { renderEvalSummary } from "./eval-table.js";
import { renderScore } from "./score-table.js";
import type { IfevalSummary } from "../standards/usability/ifeval/score.js";
import { ifevalJson, renderIfeval } from "./ifeval-table.js";
import type { ChoiceSummary } from "../decide/choice.js";
import { renderScorecard } from "./scorecard-table.js";
import { wrapLines } from "./wrap.js";
import type { Calibration } from "../standards/efficiency/calibration.js";
import { renderCalibration } from "./calibrate-table.js";

/** How a result is printed: tables for a person, or the result's JSON for a program. */
export const FORMATS = ["table", "json"] as const;
export type Format = (typeof FORMATS)[number];

/** Lines for stderr that come with any result: things the reader should know about the inputs (each a whole line). */
interface WithNotes {
  notes?: readonly string[];
}

/**
 * Every kind of result a command prints. A result of the library (a bench or report result, a
 * comparison, scores) is one of these as it stands, or after naming its kind.
 */
export type Output = WithNotes &
  (
    | {
        kind: "bench";
        summary: BenchSummary;
        /** With the workload, lets the table say how long synthetic prompts came out. */
        promptLengths?: PromptLengths;
        workload?: Record<string, unknown> | null;
      }
    | { kind: "eval"; summary: EvalSummary }
    | { kind: "compat"; view: ReturnType<typeof compatView> }
    | { kind: "compare"; result: CompareResult }
    | { kind: "compare-bench"; result: BenchCompareResult }
    | { kind: "compare-choice"; result: ChoiceCompareResult }
    | { kind: "score"; result: ScoreResult }
    | { kind: "ifeval"; summary: IfevalSummary; unanswered: number }
    | { kind: "choice"; summary: ChoiceSummary }
    | { kind: "calibrate"; calibration: Calibration }
  );

export type OutputKind = Output["kind"];

/** How one kind of result is printed. */
interface Renderer<O> {
  /** The value `--json` prints. */
  json(o: O): unknown;
  /** The text for stdout in table format; absent for results that are JSON in every format. */
  table?(o: O): string;
  /** Lines for stderr before the result, in every format. */
  before?(o: O): string[];
  /** Lines for stderr after the table (table format only): remarks about what the table shows. */
  after?(o: O): string[];
}

type Renderers = { [K in OutputKind]: Renderer<Extract<Output, { kind: K }>> };

/** The one place that says how each kind of result is printed. */
const RENDERERS: Renderers = {
  bench: {
    json: (o) => o.summary,
    table: (o) => renderBenchSummary(o.summary),
    after: (o) => {
      const line = o.promptLengths && o.workload ? promptLengthLine(o.workload, o.promptLengths) : null;
      return line ? [line] : [];
    },
  },
  eval: { json: (o) => o.summary, table: (o) => renderEvalSummary(o.summary) },
  compat: { json: (o) => o.view },
  compare: {
    json: (o) => o.result,
    table: (o) => renderCompare(o.result),
    after: (o) =>
      o.result.paired_items === 0 ? ["compare: no item was answered by both runs, so nothing is compared"] : [],
  },
  "compare-bench": { json: (o) => o.result, table: (o) => renderCompareBench(o.result) },
  "compare-choice": { json: (o) => o.result, table: (o) => renderCompareChoice(o.result) },
  score: {
    json: (o) => scoreJson(o.result),
    table: (o) => renderScore(o.result),
    before: (o) => o.result.warnings.map((w) => `infermark: warning: ${w}`),
  },
  calibrate: { json: (o) => o.calibration, table: (o) => renderCalibration(o.calibration) },
  choice: { json: (o) => o.summary, table: (o) => renderScorecard(o.summary.scorecard, o.summary.recommendation) },
  ifeval: {
    json: (o) => ({ ...ifevalJson(o.summary), unanswered: o.unanswered }),
    table: (o) => renderIfeval(o.summary),
    before: (o) =>
      o.unanswered > 0
        ? [
            `infermark: warning: ${o.unanswered} prompt(s) have no response in --input (matched by prompt text) and are left out of every figure`,
          ]
        : [],
  },
};

/** A printed result: the text for stdout, and whole lines for stderr before and after it. */
export interface Rendered {
  before: string[];
  stdout: string;
  after: string[];
}

function rendererOf<K extends OutputKind>(o: Extract<Output, { kind: K }>): Renderer<Extract<Output, { kind: K }>> {
  return RENDERERS[o.kind];
}

/** Renders a result in a format, without printing it (what `print` writes; tests read it directly). */
export function render(o: Output, format: Format, redactor: Redactor = createRedactor([])): Rendered {
  const r = rendererOf(o);
  const before = [...(o.notes ?? []), ...(r.before?.(o) ?? [])];
  if (format === "json" || !r.table) return { before, stdout: redactor.json(r.json(o), 2) + "\n", after: [] };
  // Tables are laid out for 80 columns; a line of prose that is longer wraps rather than run off.
  return {
    before,
    stdout: wrapLines(redactor.text(r.table(o))),
    after: (r.after?.(o) ?? []).map(wrapLines),
  };
}

/** Where printed text goes; process.stdout and process.stderr are such. */
export interface Sink {
  write(text: string): unknown;
}

/** Options of `print`: the format, where stdout and stderr text go, and the secrets to keep out of both. */
export interface PrintOptions {
  format: Format;
  stdout?: Sink;
  stderr?: Sink;
  /** Redacts the API key from what is printed (a server can echo it into an error message). */
  redactor?: Redactor;
}

/** Prints a result: stderr notes first, then the result on stdout, then the table's remarks on stderr. */
export function print(o: Output, opts: PrintOptions): void {
  const { stdout = process.stdout, stderr = process.stderr, redactor = createRedactor([]) } = opts;
  const r = render(o, opts.format, redactor);
  for (const line of r.before) stderr.write(redactor.text(line) + "\n");
  stdout.write(r.stdout);
  for (const line of r.after) stderr.write(redactor.text(line) + "\n");
}

/** The `--json` flag as a format. */
export function formatOf(flags: { json?: boolean }): Format {
  return flags.json ? "json" : "table";
}
