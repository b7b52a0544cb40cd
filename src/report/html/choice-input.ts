import type { ParetoResult } from "../../decide/pareto.js";
import type { Scorecard } from "../../decide/scorecard.js";
import type { Candidate } from "../../decide/estimate.js";
import type { HtmlReportInput } from "./html-report.js";
import { reportInputFromRun } from "./run-input.js";
import type { Transcript } from "./transcripts.js";

/** One candidate of a choice run: its name, metrics and where its stages wrote. */
export interface ChoiceCandidateDirs {
  name: string;
  metrics: Candidate["metrics"];
  eval_dirs: readonly string[];
  bench_dir: string | null;
}

/** Transcripts embedded per candidate, so every candidate's answers can be read side by side. */
const PER_CANDIDATE = 500;

/** The HTML report of `infermark run`: the shared scorecard and Pareto chart, then each candidate's four standards. */
export function choiceReportInput(
  title: string,
  s: { scorecard: Scorecard; pareto: ParetoResult; recommendation: string; candidates: readonly ChoiceCandidateDirs[] },
): HtmlReportInput {
  const transcripts: Transcript[] = [];
  let total = 0;
  const candidates = s.candidates.map((c) => {
    const evals = c.eval_dirs.map((d) => reportInputFromRun(d));
    const load = c.bench_dir ? reportInputFromRun(c.bench_dir) : null;
    for (const e of evals) {
      total += e.transcripts?.total ?? 0;
      transcripts.push(
        ...(e.transcripts?.shown ?? []).slice(0, PER_CANDIDATE).map((t) => ({ ...t, title: `${c.name} · ${t.title}` })),
      );
    }
    const tasks = evals.flatMap((e) => e.accuracy?.tasks ?? []);
    const robustness = evals.find((e) => e.robustness)?.robustness;
    const usability = evals.find((e) => e.usability)?.usability;
    const input: HtmlReportInput = {
      title: c.name,
      ...(tasks.length ? { accuracy: { tasks } } : {}),
      ...(robustness ? { robustness } : {}),
      ...(usability ? { usability } : {}),
      ...(load?.efficiency ? { efficiency: load.efficiency } : {}),
    };
    return { name: c.name, input };
  });
  const point = (c: ChoiceCandidateDirs) => ({
    name: c.name,
    x: c.metrics["ttft.p95"]?.value ?? NaN,
    y: c.metrics.accuracy?.value ?? NaN,
  });
  const points = s.candidates.map(point).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  return {
    title,
    decision: {
      scorecard: s.scorecard,
      recommendation: s.recommendation,
      ...(points.length ? { pareto: { result: s.pareto, xName: "TTFT p95 (ms)", yName: "accuracy", points } } : {}),
    },
    candidates,
    transcripts: { shown: transcripts, total },
  };
}
