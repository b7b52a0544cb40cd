import type { ParetoResult } from "../../decide/pareto.js";
import type { Scorecard } from "../../decide/scorecard.js";
import { STANDARDS, type Standard } from "../../decide/profiles.js";
import { levelRows } from "../../standards/efficiency/level-rows.js";
import type { LevelSummary } from "../../standards/efficiency/summarize.js";
import type { TaskSummary } from "../../standards/accuracy/summarize-eval.js";
import { barsWithCi, cdfChart, heatmap, lineChart, paretoChart } from "./charts.js";
import { escapeHtml } from "./escape.js";
import { transcriptsSection, type Transcript } from "./transcripts.js";

/** One load level as the report shows it: its summary and the raw per-request values its CDFs are drawn from. */
export interface ReportLevel {
  name: string;
  summary: LevelSummary;
  ttft: readonly number[];
  itl: readonly number[];
  e2e: readonly number[];
}

/** Everything the report shows, as plain data; any section may be absent, and the report says so. */
export interface HtmlReportInput {
  title: string;
  subtitle?: string;
  decision?: {
    scorecard: Scorecard;
    recommendation: string;
    pareto?: {
      result: ParetoResult;
      xName: string;
      yName: string;
      points: ReadonlyArray<{ name: string; x: number; y: number }>;
    };
  };
  efficiency?: { levels: readonly ReportLevel[] };
  accuracy?: { tasks: readonly TaskSummary[] };
  robustness?: {
    rows: readonly string[];
    cols: readonly string[];
    cells: ReadonlyArray<{ row: number; col: number; value: number }>;
    flips: readonly Transcript[];
  };
  usability?: {
    groups: ReadonlyArray<{
      name: string;
      bars: ReadonlyArray<{ name: string; value: number; lo: number | null; hi: number | null }>;
    }>;
    /** Breakdowns too long for a chart (IFEval per instruction): a heading, column names, rows of cells. */
    tables?: ReadonlyArray<{ name: string; head: readonly string[]; rows: ReadonlyArray<readonly string[]> }>;
  };
  transcripts?: { shown: readonly Transcript[]; total: number };
  /** Several candidates (infermark run): each one's standards under its name, after the shared scorecard. */
  candidates?: ReadonlyArray<{ name: string; input: HtmlReportInput }>;
}

const CSS = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; padding: 0 1em; }
h1 { margin-bottom: 0; } .subtitle { color: #666; margin-top: .2em; }
table { border-collapse: collapse; margin: .5em 0 1em; } td, th { border: 1px solid #ccc; padding: .25em .6em; text-align: right; }
th { background: #f4f4f4; } td:first-child, th:first-child { text-align: left; }
.pass { background: #dfd; } .fail { background: #fdd; } .inconclusive, .not_measured { background: #ffd; }
.absent { color: #777; font-style: italic; } .note { color: #555; }
.charts { display: flex; flex-wrap: wrap; gap: 1em; } .charts svg { border: 1px solid #eee; }
pre { white-space: pre-wrap; background: #f8f8f8; padding: .5em; max-height: 30em; overflow: auto; }
details.transcript { border-bottom: 1px solid #ddd; padding: .3em 0; } .meta { color: #555; font-size: 12px; }
.pager { margin: .5em 0; }
`;

const fmt = (x: number | null | undefined, digits = 3): string =>
  x === null || x === undefined || !Number.isFinite(x) ? "—" : Number(x.toPrecision(digits)).toString();

function absent(what: string): string {
  return `<p class="absent">${escapeHtml(what)}</p>`;
}

function decisionSection(d: NonNullable<HtmlReportInput["decision"]>): string {
  const card = d.scorecard;
  const gateNames = [...new Set(card.rows.flatMap((r) => r.gates.map((g) => g.gate.text)))];
  const head = `<tr><th>candidate</th><th>status</th><th>rank</th><th>score</th>${STANDARDS.map((s) => `<th>${s}</th>`).join("")}${gateNames.map((g) => `<th>${escapeHtml(g)}</th>`).join("")}</tr>`;
  const rows = card.rows.map((r) => {
    const gates = gateNames.map((name) => {
      const g = r.gates.find((x) => x.gate.text === name);
      if (!g) return "<td>—</td>";
      const shown = g.verdict === "not_measured" ? "not measured" : `${g.verdict} (${fmt(g.value)})`;
      return `<td class="${g.verdict}" title="${escapeHtml(g.verdict === "not_measured" ? g.reason : `n = ${g.n}`)}">${escapeHtml(shown)}</td>`;
    });
    const std = STANDARDS.map((s: Standard) => `<td>${fmt(r.standards[s])}</td>`);
    return `<tr><td>${escapeHtml(r.name)}</td><td class="${r.status}">${r.status}</td><td>${r.rank ?? "—"}</td><td>${fmt(r.score)}</td>${std.join("")}${gates.join("")}</tr>`;
  });
  const left = card.standards_left_out.map((s) => `<li>${s.standard}: ${escapeHtml(s.reason)}</li>`).join("");
  const pareto = d.pareto
    ? `<h3>Trade-off</h3><div class="charts">${paretoChart(
        `Pareto front: ${d.pareto.xName} vs ${d.pareto.yName}`,
        d.pareto.xName,
        d.pareto.yName,
        d.pareto.points.map((p) => ({ ...p, front: d.pareto?.result.front.includes(p.name) ?? false })),
      )}</div>` +
      (d.pareto.result.dominated.length
        ? `<p>Dominated: ${d.pareto.result.dominated.map((x) => `${escapeHtml(x.name)} (by ${x.by.map(escapeHtml).join(", ")})`).join("; ")}</p>`
        : "")
    : "";
  return `<section id="scorecard"><h2>Scorecard — profile ${escapeHtml(card.profile)}</h2><p class="recommendation">${escapeHtml(d.recommendation)}</p><table>${head}${rows.join("")}</table>${left ? `<p>Left out of the ranking:</p><ul>${left}</ul>` : ""}${pareto}</section>`;
}

function efficiencySection(e: NonNullable<HtmlReportInput["efficiency"]>, id: string): string {
  const head =
    "<tr><th>level</th><th>n</th><th>req/s</th><th>TTFT p50</th><th>TTFT p95</th><th>TTFT p99</th><th>TPOT p50</th><th>TPOT p95</th><th>E2E p95</th><th>output tok/s</th><th>goodput</th></tr>";
  // The same rows as the terminal's levels table and summary.csv, so the three never disagree.
  const rows = levelRows({ levels: e.levels.map((l) => l.summary) }).map((r, i) => {
    const goodput =
      r.goodput_rps === null || r.goodput_fraction === null
        ? "—"
        : `${fmt(r.goodput_rps)} req/s (${fmt(100 * r.goodput_fraction)} %)`;
    return `<tr><td>${escapeHtml(e.levels[i]?.name ?? "")}</td><td>${r.completed}</td><td>${fmt(r.achieved_rps)}</td><td>${fmt(r.ttft_p50_ms)}</td><td>${fmt(r.ttft_p95_ms)}</td><td>${fmt(r.ttft_p99_ms)}</td><td>${fmt(r.tpot_p50_ms)}</td><td>${fmt(r.tpot_p95_ms)}</td><td>${fmt(r.e2e_p95_ms)}</td><td>${fmt(r.output_tok_per_s)}</td><td>${goodput}</td></tr>`;
  });
  const charts = [
    cdfChart(
      "TTFT (ms)",
      e.levels.map((l) => ({ name: l.name, values: l.ttft })),
    ),
    cdfChart(
      "ITL (ms)",
      e.levels.map((l) => ({ name: l.name, values: l.itl })),
    ),
    cdfChart(
      "E2E (ms)",
      e.levels.map((l) => ({ name: l.name, values: l.e2e })),
    ),
  ];
  if (e.levels.length > 1) {
    const pts = e.levels.flatMap((l): Array<[number, number]> =>
      l.summary.latency_ms.ttft.p95 === null
        ? []
        : [[l.summary.throughput.output_tokens_per_s, l.summary.latency_ms.ttft.p95]],
    );
    charts.push(
      lineChart("Throughput vs TTFT p95 across load levels", "output tokens/s", "TTFT p95 (ms)", [
        { name: "levels", points: pts },
      ]),
    );
  }
  return `<section id="${id}"><h2>Efficiency</h2><table>${head}${rows.join("")}</table><div class="charts">${charts.join("")}</div></section>`;
}

/** Every subject (a page has room for MMLU's 57), worst first, under the macro average. */
function subjectTable(t: TaskSummary): string {
  const avg = t.subject_average;
  if (!t.by_subject || !avg) return "";
  const rows = Object.entries(t.by_subject)
    .sort((a, b) => a[1].value - b[1].value || a[0].localeCompare(b[0]))
    .map(
      ([name, m]) =>
        `<tr><td>${escapeHtml(name)}</td><td>${fmt(m.value)}</td><td>[${fmt(m.ci95[0])}, ${fmt(m.ci95[1])}]</td><td>${m.n}</td></tr>`,
    );
  const note = `${escapeHtml(avg.metric)} by subject: ${avg.subjects} subjects, macro average (mean of subjects) ${fmt(avg.value)} [${fmt(avg.ci95[0])}, ${fmt(avg.ci95[1])}] over ${avg.n} items; the metric above is the micro average (mean of items).`;
  return `<p class="note">${note}</p><table><tr><th>subject</th><th>value</th><th>95 % CI</th><th>n</th></tr>${rows.join("")}</table>`;
}

function accuracySection(a: NonNullable<HtmlReportInput["accuracy"]>, id: string): string {
  const blocks = a.tasks.map((t) => {
    const bars = Object.entries(t.metrics).map(([name, m]) => ({ name, value: m.value, lo: m.ci95[0], hi: m.ci95[1] }));
    const rows = Object.entries(t.metrics).map(
      ([name, m]) =>
        `<tr><td>${escapeHtml(name)}</td><td>${fmt(m.value)}</td><td>[${fmt(m.ci95[0])}, ${fmt(m.ci95[1])}]</td><td>${m.n}</td><td>${m.ci_method}</td></tr>`,
    );
    const warn = t.warnings.length ? `<ul>${t.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join("")}</ul>` : "";
    return `<h3>${escapeHtml(t.task)} <span class="note">(${t.n} items, ${t.samples} samples)</span></h3><table><tr><th>metric</th><th>value</th><th>95 % CI</th><th>n</th><th>interval</th></tr>${rows.join("")}</table>${subjectTable(t)}${warn}<div class="charts">${bars.length ? barsWithCi(`${t.task}: metrics with 95 % CI`, bars) : ""}</div>`;
  });
  return `<section id="${id}"><h2>Accuracy</h2>${blocks.join("")}</section>`;
}

function robustnessSection(r: NonNullable<HtmlReportInput["robustness"]>, id: string): string {
  const flips = r.flips.length
    ? `<h3>Items that flipped</h3>${r.flips.map((f) => `<details class="transcript"><summary>${escapeHtml(f.title)}</summary><pre>${escapeHtml(f.prompt)}</pre><pre>${escapeHtml(f.output)}</pre></details>`).join("")}`
    : "";
  return `<section id="${id}"><h2>Robustness</h2><div class="charts">${heatmap("Accuracy by perturbation × task", r.rows, r.cols, r.cells)}</div>${flips}</section>`;
}

function usabilitySection(u: NonNullable<HtmlReportInput["usability"]>, id: string): string {
  const tables = (u.tables ?? []).map(
    (t) =>
      `<h3>${escapeHtml(t.name)}</h3><table><tr>${t.head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr>${t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("")}</table>`,
  );
  return `<section id="${id}"><h2>Usability</h2><div class="charts">${u.groups.map((g) => barsWithCi(g.name, g.bars)).join("")}</div>${tables.join("")}</section>`;
}

/**
 * The four standards' sections; `prefix` keeps ids unique when several candidates share a page
 * (ids "accuracy", … for a single run; "c1-accuracy", … for the first candidate of a choice).
 */
function standardSections(input: HtmlReportInput, prefix = ""): string[] {
  const id = (s: string): string => `${prefix}${s}`;
  const none = (s: string, title: string, why: string): string =>
    `<section id="${id(s)}"><h2>${title}</h2>${absent(why)}</section>`;
  return [
    input.accuracy
      ? accuracySection(input.accuracy, id("accuracy"))
      : none("accuracy", "Accuracy", "Not measured in this run (no eval task)."),
    input.robustness
      ? robustnessSection(input.robustness, id("robustness"))
      : none("robustness", "Robustness", "Not measured in this run (no perturbations)."),
    input.usability
      ? usabilitySection(input.usability, id("usability"))
      : none("usability", "Usability", "Not measured in this run (no usability checks)."),
    input.efficiency
      ? efficiencySection(input.efficiency, id("efficiency"))
      : none("efficiency", "Efficiency", "Not measured in this run (no load levels)."),
  ];
}

/** The whole report as one self-contained HTML file: inline CSS, charts as inline SVG, no network. */
export function renderHtmlReport(input: HtmlReportInput): string {
  const perCandidate = (input.candidates ?? []).map(
    (c, i) =>
      `<section class="candidate" id="c${i + 1}"><h1>Candidate ${escapeHtml(c.name)}</h1>${c.input.subtitle ? `<p class="subtitle">${escapeHtml(c.input.subtitle)}</p>` : ""}${standardSections(c.input, `c${i + 1}-`).join("\n")}</section>`,
  );
  const sections = [
    input.decision ? decisionSection(input.decision) : "",
    ...(input.candidates ? perCandidate : standardSections(input)),
    // One transcript pager per page: the candidates' transcripts are pooled under their names.
    input.transcripts ? transcriptsSection(input.transcripts.shown, input.transcripts.total) : "",
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title><style>${CSS}</style></head>
<body><h1>${escapeHtml(input.title)}</h1>${input.subtitle ? `<p class="subtitle">${escapeHtml(input.subtitle)}</p>` : ""}
${sections.join("\n")}
</body></html>
`;
}
