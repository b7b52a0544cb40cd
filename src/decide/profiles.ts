import { UserError } from "../errors.js";
import { parseGate, type Gate } from "./gate.js";

export const STANDARDS = ["accuracy", "robustness", "usability", "efficiency"] as const;
export type Standard = (typeof STANDARDS)[number];

/** A quantity the ranking prefers higher or lower, and the standard it speaks for; `rate` marks a share in [0, 1]. */
export interface Objective {
  metric: string;
  better: "higher" | "lower";
  standard: Standard;
  rate?: boolean;
}

/** What an application needs: hard gates, what to rank the passing candidates by, and how much each standard weighs. */
export interface Profile {
  name: string;
  description: string;
  gates: Gate[];
  objectives: Objective[];
  weights: Record<Standard, number>;
  /** Non-inferiority margins for `compare --fail-on-regression`: a drop smaller than this is not a regression. */
  regression_margins: Record<string, number>;
}

const hi = (metric: string, standard: Standard): Objective => ({ metric, better: "higher", standard });
const lo = (metric: string, standard: Standard): Objective => ({ metric, better: "lower", standard });
const loRate = (metric: string, standard: Standard): Objective => ({ metric, better: "lower", standard, rate: true });

function preset(p: Omit<Profile, "gates"> & { gates: string[] }): Profile {
  return { ...p, gates: p.gates.map(parseGate) };
}

// Thresholds are starting points written for infermark, not standards bodies' figures: a reader
// reads about 5 words (≈ 7 tokens) a second, so a chat reply keeps up at TPOT ≤ 100 ms; live
// captions lag noticeably past ~300 ms to the first word. Users override any of them in eval.yaml.
export const PROFILES: Readonly<Record<string, Profile>> = {
  chatbot: preset({
    name: "chatbot",
    description:
      "a customer-facing assistant: replies start within a second, read at reading speed, and do not repeat themselves",
    gates: ["ttft.p95 <= 1000 ms", "tpot.p95 <= 100 ms", "repetition.seq_rep_4 <= 0.1"],
    objectives: [
      hi("accuracy", "accuracy"),
      hi("robustness.worst_case", "robustness"),
      loRate("repetition.seq_rep_4", "usability"),
      hi("ifeval.prompt_strict", "usability"),
      lo("ttft.p95", "efficiency"),
      lo("cost_per_1k_requests", "efficiency"),
    ],
    weights: { accuracy: 0.3, robustness: 0.2, usability: 0.3, efficiency: 0.2 },
    regression_margins: { accuracy: 0.02, "ttft.p95": 50 },
  }),
  "realtime-translation": preset({
    name: "realtime-translation",
    description: "live speech translation: the first words must come at once and keep pace with the speaker",
    gates: ["ttft.p95 <= 300 ms", "tpot.p95 <= 40 ms"],
    objectives: [
      hi("accuracy", "accuracy"),
      hi("robustness.worst_case", "robustness"),
      loRate("repetition.seq_rep_4", "usability"),
      lo("ttft.p95", "efficiency"),
      lo("tpot.p95", "efficiency"),
    ],
    weights: { accuracy: 0.3, robustness: 0.1, usability: 0.1, efficiency: 0.5 },
    regression_margins: { accuracy: 0.01, "ttft.p95": 20, "tpot.p95": 5 },
  }),
  "code-assistant": preset({
    name: "code-assistant",
    description:
      "code completion and generation: correctness first, then a wait short enough to keep the developer's focus",
    gates: ["e2e.p95 <= 10 s"],
    objectives: [
      hi("accuracy", "accuracy"),
      hi("robustness.worst_case", "robustness"),
      hi("ifeval.prompt_strict", "usability"),
      lo("e2e.p95", "efficiency"),
      lo("cost_per_1k_requests", "efficiency"),
    ],
    weights: { accuracy: 0.6, robustness: 0.15, usability: 0.1, efficiency: 0.15 },
    regression_margins: { accuracy: 0.02, "e2e.p95": 500 },
  }),
  "batch-summarization": preset({
    name: "batch-summarization",
    description: "offline summaries of many documents: tokens per dollar and per second matter, latency does not",
    gates: [],
    objectives: [
      hi("accuracy", "accuracy"),
      hi("robustness.worst_case", "robustness"),
      loRate("repetition.seq_rep_4", "usability"),
      hi("throughput.output_tokens_per_s", "efficiency"),
      lo("cost_per_1m_output_tokens", "efficiency"),
    ],
    weights: { accuracy: 0.3, robustness: 0.1, usability: 0.2, efficiency: 0.4 },
    regression_margins: { accuracy: 0.02 },
  }),
  "rag-qa": preset({
    name: "rag-qa",
    description:
      "question answering over retrieved documents: correct, resistant to injected instructions, answered within a couple of seconds",
    gates: ["ttft.p95 <= 1500 ms"],
    objectives: [
      hi("accuracy", "accuracy"),
      hi("robustness.worst_case", "robustness"),
      hi("ifeval.prompt_strict", "usability"),
      lo("ttft.p95", "efficiency"),
      lo("cost_per_1k_requests", "efficiency"),
    ],
    weights: { accuracy: 0.4, robustness: 0.2, usability: 0.2, efficiency: 0.2 },
    regression_margins: { accuracy: 0.02, "ttft.p95": 100 },
  }),
};

/** The named preset, or a user error listing them. */
export function profileNamed(name: string): Profile {
  const p = PROFILES[name];
  if (!p) throw new UserError(`unknown profile "${name}"; presets: ${Object.keys(PROFILES).join(", ")}`);
  return p;
}
