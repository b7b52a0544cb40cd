import type { JudgeSummary } from "../../standards/usability/judge/judge-summary.js";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { readJsonl } from "../../records/jsonl.js";
import { isCompleted, type RequestRecord } from "../../records/record.js";
import { readJson, runPaths } from "../../records/run-dir.js";
import { createRng } from "../../stats/rng.js";
import type { SampleVerdict, EvalSummary } from "../../standards/accuracy/summarize-eval.js";
import { requestTiming } from "../../standards/efficiency/request-timing.js";
import type { BenchSummary } from "../../standards/efficiency/summarize.js";
import type { HtmlReportInput, ReportLevel } from "./html-report.js";
import type { Transcript } from "./transcripts.js";

/** At most this many transcripts are embedded; the rest stay in records.jsonl (the page says so). */
export const MAX_TRANSCRIPTS = 2000;
/** Per level, at most this many values of each latency feed the CDFs: a uniform, seeded sample beyond it. */
const MAX_CDF_VALUES = 20000;

/** Keeps a uniform sample of at most `cap` values (reservoir sampling, seeded so a report is reproducible). */
class Reservoir {
  readonly values: number[] = [];
  private seen = 0;
  private readonly rng = createRng(0x5eed);
  constructor(private readonly cap: number) {}
  add(x: number): void {
    this.seen++;
    if (this.values.length < this.cap) this.values.push(x);
    else {
      const j = Math.floor(this.rng() * this.seen);
      if (j < this.cap) this.values[j] = x;
    }
  }
}

/** The text a request asked, from its body as sent: chat turns, or the raw prompt. */
export function promptText(body: Record<string, unknown>): string {
  const messages = body.messages;
  if (Array.isArray(messages))
    return messages
      .map((m: unknown) => {
        const o = (m ?? {}) as { role?: unknown; content?: unknown };
        return `${typeof o.role === "string" ? o.role : "?"}: ${typeof o.content === "string" ? o.content : JSON.stringify(o.content)}`;
      })
      .join("\n\n");
  return typeof body.prompt === "string" ? body.prompt : JSON.stringify(body);
}

function recordTranscript(r: RequestRecord, meta: Transcript["meta"]): Transcript {
  const t = requestTiming(r);
  return {
    id: String(r.id),
    title: `#${r.id}${r.eval ? ` ${r.eval.task}/${r.eval.item_id} sample ${r.eval.sample}` : ` level ${r.level}`}${r.error ? ` — ${r.error.kind}` : ""}`,
    prompt: promptText(r.request.body),
    output: r.error ? `${r.error.kind}: ${r.error.message}` : r.text,
    meta: {
      ...meta,
      ttft_ms: t.ttft === null ? null : Math.round(t.ttft),
      e2e_ms: t.e2e === null ? null : Math.round(t.e2e),
      output_tokens: r.tokens.output,
      finish: r.finish_reason,
    },
  };
}

/** What the HTML report shows of one bench or eval run directory, read from its files alone (its summary, or one recomputed from them). */
export function reportInputFromRun(dir: string, recomputed?: BenchSummary | EvalSummary): HtmlReportInput {
  const paths = runPaths(dir);
  const run = readJson<{ kind?: string; command?: string[]; target?: Record<string, unknown> }>(paths.run);
  // A summary judged again (report --slo) replaces the run's own; the charts come from the records either way.
  const summary = recomputed ?? readJson<BenchSummary | EvalSummary>(paths.summary);
  const records = readJsonl<RequestRecord>(paths.records).values;
  const title = `infermark ${run.kind ?? "run"}: ${dir}`;
  const target = summary.target;
  const subtitle = `target: ${String(target.base_url ?? target.model_path ?? target.model ?? target.kind)}${run.command ? ` · command: infermark ${run.command.join(" ")}` : ""}`;
  const total = records.length;
  if ("levels" in summary) {
    const levels: ReportLevel[] = summary.levels.map((s) => {
      const ttft = new Reservoir(MAX_CDF_VALUES);
      const itl = new Reservoir(MAX_CDF_VALUES);
      const e2e = new Reservoir(MAX_CDF_VALUES);
      for (const r of records) {
        if (r.level !== s.level || r.phase !== "measure" || !isCompleted(r) || r.cached) continue;
        const t = requestTiming(r);
        if (t.ttft !== null) ttft.add(t.ttft);
        if (t.e2e !== null) e2e.add(t.e2e);
        for (const g of t.itl) itl.add(g);
      }
      const name = s.load.mode === "rate" ? `rate ${s.load.value}/s` : `concurrency ${s.load.value}`;
      return { name, summary: s, ttft: ttft.values, itl: itl.values, e2e: e2e.values };
    });
    const shown = records.slice(0, MAX_TRANSCRIPTS).map((r) => recordTranscript(r, { level: r.level }));
    return { title, subtitle, efficiency: { levels }, transcripts: { shown, total } };
  }
  const samplesPath = join(dir, "samples.jsonl");
  const verdicts = existsSync(samplesPath) ? readJsonl<SampleVerdict>(samplesPath).values : [];
  const byId = new Map(records.map((r) => [r.id, r]));
  const shown: Transcript[] = [];
  for (const v of verdicts) {
    if (shown.length >= MAX_TRANSCRIPTS) break;
    const r = v.record_id === null ? undefined : byId.get(v.record_id);
    if (!r) continue;
    const scores = Object.fromEntries(Object.entries(v.scores).map(([k, x]) => [k, x]));
    shown.push(recordTranscript(r, { answer: v.answer, targets: v.targets.join(" | "), ...scores }));
  }
  return {
    title,
    subtitle,
    accuracy: { tasks: summary.tasks },
    ...standardsOfEval(summary),
    transcripts: { shown, total: verdicts.length },
  };
}

/** The robustness heatmap (perturbation × task) and the usability bars of an eval summary, where it has them. */
export function standardsOfEval(summary: EvalSummary): Pick<HtmlReportInput, "robustness" | "usability"> {
  const out: Pick<HtmlReportInput, "robustness" | "usability"> = {};
  const withRob = summary.tasks.filter((t) => t.robustness);
  if (withRob.length > 0) {
    const rows = [...new Set(withRob.flatMap((t) => Object.keys(t.robustness?.perturbations ?? {})))];
    const cols = withRob.map((t) => t.task);
    const cells = withRob.flatMap((t, col) =>
      Object.entries(t.robustness?.perturbations ?? {}).map(([p, g]) => ({
        row: rows.indexOf(p),
        col,
        value: g.accuracy.value,
      })),
    );
    out.robustness = { rows, cols, cells, flips: [] };
  }
  const groups: NonNullable<HtmlReportInput["usability"]>["groups"][number][] = [];
  const tables: NonNullable<NonNullable<HtmlReportInput["usability"]>["tables"]>[number][] = [];
  for (const t of summary.tasks) {
    const i = t.usability?.ifeval;
    if (i)
      tables.push({
        name: `${t.task}: IFEval per instruction`,
        head: ["instruction", "n", "strict", "95 % CI", "loose", "95 % CI"],
        rows: Object.entries(i.by_instruction)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([id, b]) => [
            id,
            String(b.strict.n),
            pct(b.strict.value),
            `[${pct(b.strict.ci95[0])}, ${pct(b.strict.ci95[1])}]`,
            pct(b.loose.value),
            `[${pct(b.loose.ci95[0])}, ${pct(b.loose.ci95[1])}]`,
          ]),
      });
    if (i)
      groups.push({
        name: `${t.task}: IFEval (95 % CI)`,
        bars: (["prompt_strict", "inst_strict", "prompt_loose", "inst_loose"] as const).map((k) => ({
          name: k,
          value: i[k].value,
          lo: i[k].ci95[0],
          hi: i[k].ci95[1],
        })),
      });
    const r = t.usability?.repetition;
    if (r) {
      // A figure that could not be computed gets no bar (never a bar at 0); no interval is drawn for these means.
      const bars = (
        [
          ["seq-rep-4", r.seq_rep_4.mean],
          ["repeated substring", r.repeated_substring_share.mean],
          ["distinct-2", r.distinct_2.value],
          ["self-BLEU", r.self_bleu.value],
        ] as const
      ).flatMap(([name, v]) => (v === null ? [] : [{ name, value: v, lo: null, hi: null }]));
      if (bars.length > 0) groups.push({ name: `${t.task}: repetition and diversity`, bars });
    }
    const j = t.usability?.judge;
    if (j)
      tables.push({
        name: `${t.task}: LLM judge (${j.mode})`,
        head: ["figure", "value", "95 % CI", "n"],
        rows: judgeRows(j),
      });
  }
  if (groups.length > 0 || tables.length > 0) out.usability = { groups, tables };
  return out;
}

/** The judge's figures as table rows; one that cannot apply shows its reason, never a 0. */
function judgeRows(j: JudgeSummary): string[][] {
  const est = (name: string, m: JudgeSummary["score"]): string[] =>
    m.value === null
      ? [name, `n/a (${m.reason})`, "", ""]
      : [name, m.value.toFixed(3), `[${m.ci95[0].toFixed(3)}, ${m.ci95[1].toFixed(3)}]`, String(m.n)];
  const plain = (name: string, x: number | null): string[] => [name, x === null ? "n/a" : x.toFixed(3), "", ""];
  return [
    ...(j.mode === "single"
      ? [est("score", j.score)]
      : [
          est("win rate", j.win_rate),
          est("length-controlled win rate", j.lc_win_rate),
          plain("tie rate", j.tie_rate),
          plain("inconsistency rate", j.inconsistency_rate),
        ]),
    ["ungraded", String(j.n_ungraded), "", String(j.n)],
    plain("first replies unparsed", j.parse_failure_rate),
    plain("agreement", j.agreement.value),
    est("judge latency (ms)", j.judge_latency),
  ];
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
