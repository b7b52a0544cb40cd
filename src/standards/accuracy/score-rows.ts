import { UserError } from "../../errors.js";
import { aggregateMetric, sampleValues, type MetricValue, type ScoredSample } from "./aggregate.js";
import { extractAnswer, splitReasoning, type AnswerKind, type ExtractionStage } from "./extract.js";
import { corpusScorer, expandScorers, notScoredWarning, sampleScorer, SCORER_NAMES } from "./scorers.js";

/** How answers are found in predictions: an answer kind, `none` (the whole output), or `auto` (by metric). */
export type ExtractMode = AnswerKind | "none" | "auto";

/** One row to score, with where it came from (`file:line`) for error messages. */
export interface ScoreRow {
  value: Record<string, unknown>;
  where: string;
}

/** What `score` is asked: metric names (groups expanded), extraction, per-row verdicts, bootstrap seed. */
export interface ScoreOptions {
  metrics: readonly string[];
  extract: ExtractMode;
  perItem: boolean;
  seed: number;
}

/** One row's verdict under one metric. */
export interface ScoredRow {
  id: string;
  answer: string | null;
  stage: ExtractionStage;
  /** The metric's value on this row; null where the metric does not apply to it. */
  value: number | null;
}

/** One metric over the rows: the aggregate with its CI and, when asked, each row's verdict. */
export interface MetricScore extends MetricValue {
  metric: string;
  items?: ScoredRow[];
}

/** What `score` finds: one entry per metric, and the warnings of metrics that could not judge every row. */
export interface ScoreResult {
  metrics: MetricScore[];
  warnings: string[];
}

/** The answer kind a metric reads when extraction is auto. */
function kindFor(metric: string): AnswerKind {
  if (metric.startsWith("numeric")) return "number";
  if (metric === "choice") return "choice";
  return "text";
}

/** `{prediction, target}` or `{prediction, references: [...]}` rows (optional `id`, `choices`) as the samples one metric scores. */
export function scoreSamples(rows: readonly ScoreRow[], extract: ExtractMode, metric: string): ScoredSample[] {
  return rows.map(({ value: row, where }, i) => {
    if (typeof row.prediction !== "string") throw new UserError(`${where}: "prediction" must be a string`);
    const targets = row.references ?? row.target;
    // A row judged by its own constraints needs no target: the constraints are the check.
    const needsTarget = metric !== "constraints";
    const list =
      targets === undefined && !needsTarget ? [] : Array.isArray(targets) ? (targets as unknown[]) : [targets];
    if (
      (needsTarget && list.length === 0) ||
      !list.every((t): t is string | number => typeof t === "string" || typeof t === "number")
    )
      throw new UserError(`${where}: needs "target" (string or number) or "references" (a list of them)`);
    if (!needsTarget && !Array.isArray(row.constraints))
      throw new UserError(`${where}: --metric constraints needs "constraints", a list (docs/usability-metrics.md)`);
    const choices = Array.isArray(row.choices) ? row.choices.map(String) : [];
    const { answer: output } = splitReasoning(row.prediction);
    const kind = extract === "auto" ? kindFor(metric) : extract;
    const extraction =
      kind === "none"
        ? { answer: output, stage: "flexible" as const, raw: output, strictAnswer: null }
        : extractAnswer(output, kind, choices);
    return {
      item: typeof row.id === "string" || typeof row.id === "number" ? String(row.id) : String(i),
      sample: 0,
      input: {
        output,
        extraction,
        targets: list,
        choices,
        ...(Array.isArray(row.constraints) ? { metadata: { constraints: row.constraints } } : {}),
      },
    };
  });
}

/** The metric names asked for, groups expanded; an empty or unknown one is a user error. */
export function resolveMetrics(names: readonly string[]): string[] {
  const metrics = expandScorers(names);
  if (metrics.length === 0) throw new UserError(`score: pass --metric, one of ${SCORER_NAMES.join(", ")}`);
  for (const m of metrics)
    if (!sampleScorer(m) && !corpusScorer(m))
      throw new UserError(`--metric ${m}: unknown; expected one of ${SCORER_NAMES.join(", ")}`);
  return metrics;
}

/** Per row: a per-sample metric's own value, or a corpus metric on the row as a corpus of one. */
function rowValues(metric: string, samples: readonly ScoredSample[]): Array<number | null> {
  const values = sampleValues(metric, samples);
  if (values) return values;
  const corpus = corpusScorer(metric);
  return samples.map((s) => (corpus ? corpus.score(corpus.stats(s.input)) : null));
}

/** Scores existing outputs with each metric, with a 95% CI: no model is asked. */
export function scoreRows(rows: readonly ScoreRow[], opts: ScoreOptions): ScoreResult {
  const warnings: string[] = [];
  const metrics = resolveMetrics(opts.metrics).map((metric): MetricScore => {
    const { score, warning } = scoreMetric(metric, scoreSamples(rows, opts.extract, metric), opts);
    // A metric that cannot judge a row says so: a warning with the count, or an error when it can judge none.
    if (warning && score.n === 0)
      throw new UserError(`${warning}: nothing to score; give rows "choices" and a target naming one`);
    if (warning) warnings.push(warning);
    return score;
  });
  return { metrics, warnings };
}

/** One metric over scored samples (rows of a file, or an eval run's answers), with the warning of the samples it could not judge. */
export function scoreMetric(
  metric: string,
  samples: readonly ScoredSample[],
  opts: { perItem: boolean; seed: number },
): { score: MetricScore; warning: string | null } {
  const agg = aggregateMetric(metric, samples, opts.seed);
  const warning = notScoredWarning(
    metric,
    samples.map((s) => s.input),
  );
  const score: MetricScore = {
    metric,
    value: agg.value,
    stderr: agg.stderr,
    ci95: agg.ci95,
    n: agg.n,
    ci_method: agg.ci_method,
  };
  if (!opts.perItem) return { score, warning };
  const values = rowValues(metric, samples);
  return {
    score: {
      ...score,
      items: samples.map((s, i) => ({
        id: s.item,
        answer: s.input.extraction.answer,
        stage: s.input.extraction.stage,
        value: values[i] ?? null,
      })),
    },
    warning,
  };
}

/** What `score --json` prints: the one metric's object, or the list of them. */
export function scoreJson(r: ScoreResult): MetricScore | MetricScore[] {
  const [only] = r.metrics;
  return r.metrics.length === 1 && only ? only : r.metrics;
}
