import type { TaskSummary } from "../standards/accuracy/summarize-eval.js";
import { renderJudge } from "./judge-table.js";
import type { Rate } from "../standards/usability/measure.js";

type Usability = NonNullable<TaskSummary["usability"]>;

const f = (x: number | null | undefined, d = 3): string => (x === null || x === undefined ? "n/a" : x.toFixed(d));
const rate = (r: Rate): string =>
  r.rate === null ? `n/a (${r.reason})` : `${f(r.rate)} [${f(r.ci95[0])}, ${f(r.ci95[1])}] (${r.count}/${r.n})`;

/** The usability block of a task, a few lines per check. */
export function renderUsability(u: Usability): string {
  const lines: string[] = [];
  if (u.ifeval) {
    const i = u.ifeval;
    lines.push(
      `ifeval: prompt strict ${f(i.prompt_strict.value)} [${f(i.prompt_strict.ci95[0])}, ${f(i.prompt_strict.ci95[1])}], inst strict ${f(i.inst_strict.value)}, prompt loose ${f(i.prompt_loose.value)}, inst loose ${f(i.inst_loose.value)} (n ${i.prompt_strict.n} prompts, ${i.inst_strict.n} instructions)`,
    );
  }
  if (u.repetition) {
    const r = u.repetition;
    lines.push(
      `repetition: seq-rep-4 ${f(r.seq_rep_4.mean)} (n ${r.seq_rep_4.n}), repeated substring ${f(r.repeated_substring_share.mean)}, loops ${rate(r.loop)}, loop+truncated ${rate(r.repetition_with_truncation)}`,
    );
    lines.push(
      `diversity across answers: distinct-1 ${f(r.distinct_1.value)}, distinct-2 ${f(r.distinct_2.value)} (pooled), self-BLEU ${f(r.self_bleu.value)}, gzip ratio ${f(r.compression_ratio.value, 2)}`,
    );
    if (r.canned_phrases.phrases?.length)
      lines.push(
        `canned phrases: ${r.canned_phrases.phrases
          .slice(0, 3)
          .map((p) => `"${p.phrase}" ×${p.responses}`)
          .join(", ")}`,
      );
  }
  if (u.diversity) {
    const d = u.diversity;
    lines.push(
      "reason" in d
        ? `diversity within items: n/a (${d.reason})`
        : `diversity within items: distinct-2 ${f(d.within_item_distinct_2.value)}, self-BLEU ${f(d.within_item_self_bleu.value)} (n ${d.within_item_distinct_2.n} items)`,
    );
  }
  if (u.format)
    lines.push(
      `format: JSON ${rate(u.format.json_valid)}, refusals ${rate(u.format.refusal)}, empty ${rate(u.format.empty)}, truncated ${rate(u.format.truncated)}`,
    );
  if (u.verbosity) {
    const w = u.verbosity.words;
    lines.push(
      w.mean === null
        ? `verbosity: n/a (${w.reason})`
        : `verbosity: words mean ${f(w.mean, 1)}, p50 ${f(w.p50, 0)}, p90 ${f(w.p90, 0)}, max ${w.max} (n ${w.n})`,
    );
  }
  if (u.judge) lines.push(...renderJudge(u.judge));
  return lines.join("\n");
}
