import { Command, Option } from "commander";
import Table from "cli-table3";
import { UserError } from "../errors.js";
import { aggregateMetric, sampleValues, type ScoredSample } from "../standards/accuracy/aggregate.js";
import { extractAnswer, splitReasoning, type AnswerKind } from "../standards/accuracy/extract.js";
import { corpusScorer, expandScorers, notScoredWarning, sampleScorer, SCORER_NAMES } from "../standards/accuracy/scorers.js";
import { readJsonlObjects, type JsonlObject } from "../workloads/jsonl-file.js";

/** The answer kind a metric reads when --extract is auto. */
function kindFor(metric: string): AnswerKind {
  if (metric.startsWith("numeric")) return "number";
  if (metric === "choice") return "choice";
  return "text";
}

/** Reads `{prediction, target}` or `{prediction, references: [...]}` rows (optional `id`, `choices`) as scored samples. */
export function readScoreRows(path: string, extract: AnswerKind | "none" | "auto", metric: string): ScoredSample[] {
  return scoreSamples(readJsonlObjects(path), extract, metric);
}

/** Rows already read, as the samples one metric scores (extraction depends on the metric when `extract` is auto). */
function scoreSamples(rows: readonly JsonlObject[], extract: AnswerKind | "none" | "auto", metric: string): ScoredSample[] {
  return rows.map(({ value: row, where }, i) => {
    if (typeof row.prediction !== "string") throw new UserError(`${where}: "prediction" must be a string`);
    const targets = row.references ?? row.target;
    const list = Array.isArray(targets) ? targets : [targets];
    if (list.length === 0 || !list.every((t) => typeof t === "string" || typeof t === "number")) throw new UserError(`${where}: needs "target" (string or number) or "references" (a list of them)`);
    const choices = Array.isArray(row.choices) ? row.choices.map(String) : [];
    const { answer: output } = splitReasoning(row.prediction);
    const kind = extract === "auto" ? kindFor(metric) : extract;
    const extraction = kind === "none" ? { answer: output, stage: "flexible" as const, raw: output, strictAnswer: null } : extractAnswer(output, kind, choices);
    return { item: typeof row.id === "string" || typeof row.id === "number" ? String(row.id) : String(i), sample: 0, input: { output, extraction, targets: list, choices } };
  });
}

/** `infermark score`: a metric on existing outputs, no model. */
export function scoreCommand(): Command {
  return new Command("score")
    .description("score existing outputs (JSONL rows {prediction, target} or {prediction, references}) with any metric, with a 95% CI")
    .requiredOption("--input <file>", "JSONL rows")
    .option("--metric <name>", `metric (repeatable): ${SCORER_NAMES.join(", ")}`, (v: string, acc: string[] = []) => [...acc, v])
    .addOption(new Option("--extract <kind>", "how answers are found in predictions (auto: by metric)").choices(["auto", "number", "choice", "text", "none"]).default("auto"))
    .option("--per-item", "print each row's verdict too", false)
    .option("--seed <n>", "bootstrap seed", "0")
    .option("--json", "print JSON", false)
    .action((opts: { input: string; metric?: string[]; extract: AnswerKind | "none" | "auto"; perItem: boolean; seed: string; json: boolean }) => {
      const metrics = expandScorers(opts.metric ?? []);
      if (metrics.length === 0) throw new UserError(`score: pass --metric, one of ${SCORER_NAMES.join(", ")}`);
      for (const m of metrics) if (!sampleScorer(m) && !corpusScorer(m)) throw new UserError(`--metric ${m}: unknown; expected one of ${SCORER_NAMES.join(", ")}`);
      const rows = readJsonlObjects(opts.input);
      const results = metrics.map((metric) => {
        const samples = scoreSamples(rows, opts.extract, metric);
        const agg = aggregateMetric(metric, samples, Number(opts.seed));
        // A metric that cannot judge a row says so: a warning with the count, or an error when it can judge none.
        const warning = notScoredWarning(metric, samples.map((s) => s.input));
        if (warning && agg.n === 0) throw new UserError(`${warning}: nothing to score; give rows "choices" and a target naming one`);
        if (warning) process.stderr.write(`infermark: warning: ${warning}\n`);
        // Per row: the metric's own value, or for a corpus metric the row scored as a corpus of one.
        const values = opts.perItem ? sampleValues(metric, samples) : null;
        const corpus = corpusScorer(metric);
        const perItem = opts.perItem ? samples.map((s, i) => ({ id: s.item, answer: s.input.extraction.answer, stage: s.input.extraction.stage, value: values ? values[i]! : corpus!.score(corpus!.stats(s.input)) })) : undefined;
        return { metric, value: agg.value, stderr: agg.stderr, ci95: agg.ci95, n: agg.n, ci_method: agg.ci_method, ...(perItem ? { items: perItem } : {}) };
      });
      if (opts.json) {
        process.stdout.write(JSON.stringify(results.length === 1 ? results[0] : results, null, 2) + "\n");
        return;
      }
      const t = new Table({ head: ["metric", "n", "value", "95% CI", "stderr", "CI method"], style: { head: [], border: [] } });
      for (const r of results) t.push([r.metric, r.n, r.value.toFixed(4), `[${r.ci95[0].toFixed(4)}, ${r.ci95[1].toFixed(4)}]`, r.stderr.toFixed(4), r.ci_method]);
      process.stdout.write(t.toString() + "\n");
      for (const r of results) for (const it of r.items ?? []) process.stdout.write(`${r.metric}\t${it.id}\t${it.value === null ? "n/a" : it.value}\t${JSON.stringify(it.answer)}\t${it.stage}\n`);
    });
}
