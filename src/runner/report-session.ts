import { existsSync } from "node:fs";
import { UserError } from "../errors.js";
import { readJsonl, readRecords, withSchemaId } from "../records/jsonl.js";
import { readJsonFile, readRunJson, type BenchRunJson, type ImportedRunJson } from "../records/run-json.js";
import { runPaths, writeJson, writeTextFile } from "../records/run-dir.js";
import { checkSchemaId } from "../records/schema-id.js";
import type { ChoiceSummary } from "../decide/choice.js";
import type { EvalSummary } from "../standards/accuracy/summarize-eval.js";
import { compatView, type CompatTool } from "../standards/efficiency/compat/index.js";
import { LEVEL_SCHEMA, type LevelLine } from "../standards/efficiency/level-line.js";
import type { BenchSummary } from "../standards/efficiency/summarize.js";
import { levelsCsv } from "../standards/efficiency/level-rows.js";
import type { SloTerm } from "../standards/efficiency/slo.js";
import type { RunFacts } from "../standards/efficiency/summarize-run.js";
import type { PromptLengths } from "../standards/efficiency/prompt-lengths.js";
import { summarizeRecordsFile } from "./bench-summary-file.js";
import { isChoiceDir, readChoiceDir } from "./choice-dir.js";
import { readSweepDir } from "./sweep-dir.js";
import { checkEvalDir } from "./eval-dir-check.js";
import { summarizeEvalDir } from "./eval-session.js";

/** What `report` is asked: the run directory, and optionally another tool's definitions or another SLO to recompute with. */
export interface ReportOptions {
  dir: string;
  compat?: CompatTool;
  /** Re-judges goodput and SLO verdicts of a bench run under these terms instead of the run's own; nothing in the run directory is rewritten. */
  slo?: readonly SloTerm[];
}

/** A compatibility view: the run's numbers under another tool's definitions and names. */
export type CompatView = ReturnType<typeof compatView>;

/** What `report` found, by what it recomputed; `notes` are things the reader should know about the files (one line each). */
export type ReportResult =
  | {
      kind: "bench";
      summary: BenchSummary;
      promptLengths: PromptLengths;
      workload: Record<string, unknown> | null;
      notes: string[];
    }
  | { kind: "eval"; summary: EvalSummary; notes: string[] }
  | { kind: "compat"; view: CompatView; notes: string[] }
  | { kind: "choice"; summary: ChoiceSummary; notes: string[] };

/** Leaves a summary behind for an interrupted or crashed run that has none; one already there must be of the format this infermark writes. */
function keepSummary(path: string, summary: BenchSummary | EvalSummary): void {
  if (existsSync(path)) checkSchemaId(path, readJsonFile(path), summary.schema);
  else writeJson(path, summary);
}

const sloText = (terms: readonly SloTerm[]): string => terms.map((t) => `${t.metric}.${t.stat}<${t.limit}`).join(",");

/**
 * Recomputes a run's summary from its files alone: records.jsonl (and levels.jsonl) for bench and
 * imported runs, records and code results for eval runs. Every file's schema id is checked first,
 * so a file from another tool or a newer infermark is one line, not a wrong number.
 */
export function reportRun(opts: ReportOptions): ReportResult {
  const paths = runPaths(opts.dir);
  const sweep = readSweepDir(opts.dir);
  if (sweep) {
    if (opts.compat || opts.slo)
      throw new UserError(`${opts.compat ? "--compat" : "--slo"} applies to bench runs; this is a decoding sweep`);
    return {
      kind: "eval",
      summary: sweep,
      notes: [
        `infermark: ${paths.summary}: the sweep as it was run; each point's directory inside recomputes from its records`,
      ],
    };
  }
  if (isChoiceDir(opts.dir)) {
    if (opts.compat || opts.slo)
      throw new UserError(
        `${opts.compat ? "--compat" : "--slo"} applies to one bench run; report its stage instead, e.g. infermark report ${opts.dir}/CANDIDATE/bench`,
      );
    // The decision needs the run's config (profile, prices), so it is shown as `run` made it; each stage's own report recomputes from records.
    return {
      kind: "choice",
      summary: readChoiceDir(opts.dir),
      notes: [
        `infermark: ${paths.summary}: the decision as infermark run made it; each stage's report recomputes from its records`,
      ],
    };
  }
  const run = readRunJson(paths.run);
  if (run.kind === "eval") {
    if (opts.compat) throw new UserError("--compat applies to bench runs; this is an eval run");
    if (opts.slo) throw new UserError("--slo re-judges bench runs; this is an eval run");
    checkEvalDir(opts.dir);
    const { summary } = summarizeEvalDir(opts.dir);
    keepSummary(paths.summary, summary);
    return { kind: "eval", summary, notes: [] };
  }
  const partial = (cut: boolean): string[] =>
    cut ? [`infermark: ${paths.records} ends in a partial line (a crash mid-write?); it was left out`] : [];
  const durations = run.kind === "imported" ? run.imported.durations_s : undefined;
  if (opts.compat && opts.slo)
    throw new UserError("--slo and --compat cannot be combined: --compat recomputes with another tool's definitions");
  if (opts.compat) {
    // Another tool's definitions need every record at once; infermark's own summary streams them.
    const { values: records, truncatedLastLine } = readRecords(paths.records);
    return {
      kind: "compat",
      view: compatView(opts.compat, records, { durations: durations ?? null }),
      notes: partial(truncatedLastLine),
    };
  }
  const facts = benchFacts(
    run,
    existsSync(paths.levels) ? readJsonl(paths.levels, withSchemaId<LevelLine>(LEVEL_SCHEMA)).values : [],
    durations,
  );
  // Goodput counts the requests that met every term, so a new SLO is judged request by request from the records.
  const { summary, promptLengths, truncatedLastLine } = summarizeRecordsFile(
    paths.records,
    opts.slo ? { ...facts, slo: opts.slo } : facts,
  );
  const notes = partial(truncatedLastLine);
  if (opts.slo) {
    // The run's own files stay as the run judged it; the new verdicts are only printed (and written where asked).
    notes.push(
      `infermark: SLO ${sloText(opts.slo)} applied after the fact (the run's own: ${facts.slo.length ? sloText(facts.slo) : "none"}); ${paths.summary} is unchanged`,
    );
  } else {
    keepSummary(paths.summary, summary);
    if (!existsSync(paths.summaryCsv)) writeTextFile(paths.summaryCsv, levelsCsv(summary));
  }
  return {
    kind: "bench",
    summary,
    promptLengths,
    workload: run.kind === "bench" ? (run.workload ?? null) : null,
    notes,
  };
}

/** What a bench or imported run's summary needs besides its records; the plan (schedule and level spans) lets it mark levels a crash cut. */
export function benchFacts(
  run: BenchRunJson | ImportedRunJson,
  lines: readonly LevelLine[],
  durations: readonly number[] | undefined,
): RunFacts {
  const plan =
    run.kind === "bench" && run.schedule && run.level ? { schedule: run.schedule, level: run.level } : undefined;
  return {
    target: run.target,
    lines,
    slo: run.slo ?? [],
    ...(durations ? { durations } : {}),
    ...(plan ? { plan } : {}),
  };
}

/** The levels CSV of a report's result (what `--csv` writes); only a bench or imported run has levels. */
export function reportCsv(result: ReportResult): string {
  if (result.kind !== "bench")
    throw new UserError(
      `--csv writes a bench run's levels; this ${{ eval: "is an eval run", compat: "is a --compat view", choice: "is an infermark run directory: give its bench stage, CANDIDATE/bench" }[result.kind]}`,
    );
  return levelsCsv(result.summary);
}
