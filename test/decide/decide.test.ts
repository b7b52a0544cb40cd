import { describe, expect, it } from "vitest";
import { accuracyPer, costOf } from "../../src/decide/cost.js";
import type { Candidate } from "../../src/decide/estimate.js";
import { judgeGate, parseGate } from "../../src/decide/gate.js";
import { paretoFront } from "../../src/decide/pareto.js";
import { PROFILES, profileNamed, type Profile } from "../../src/decide/profiles.js";
import { recommendation } from "../../src/decide/recommend.js";
import { scorecard } from "../../src/decide/scorecard.js";
import { UserError } from "../../src/errors.js";

describe("parseGate", () => {
  it("reads units into the metric's own unit", () => {
    expect(parseGate("ttft.p95 <= 300 ms")).toMatchObject({ metric: "ttft.p95", op: "<=", threshold: 300 });
    expect(parseGate("e2e.p95 <= 10 s").threshold).toBe(10000);
    expect(parseGate("accuracy >= 70%").threshold).toBeCloseTo(0.7, 12);
    expect(parseGate("cost_per_1k_requests <= $2")).toMatchObject({ metric: "cost_per_1k_requests", threshold: 2 });
    expect(parseGate("ifeval.prompt_strict >= 0.8")).toMatchObject({ op: ">=", threshold: 0.8 });
  });
  it("rejects what it cannot read with one line naming the gate", () => {
    expect(() => parseGate("ttft.p95 < 300")).toThrow(UserError);
    expect(() => parseGate("fast please")).toThrow(/gate "fast please"/);
  });
});

describe("judgeGate", () => {
  const g = parseGate("ttft.p95 <= 300 ms");
  it("passes only when the whole interval is on the right side", () => {
    expect(judgeGate(g, { "ttft.p95": { value: 250, ci95: [200, 280], n: 400 } }).verdict).toBe("pass");
    expect(judgeGate(g, { "ttft.p95": { value: 350, ci95: [320, 400], n: 400 } }).verdict).toBe("fail");
  });
  it("is inconclusive when the interval straddles the threshold, with the n that would settle it", () => {
    // half-width max(290 − 250, 350 − 290) = 60, margin 300 − 290 = 10: n·(60/10)² = 100·36 = 3600.
    const v = judgeGate(g, { "ttft.p95": { value: 290, ci95: [250, 350], n: 100 } });
    expect(v).toMatchObject({ verdict: "inconclusive", margin: 10, n_needed: 3600 });
  });
  it("treats an unbounded side as unbounded: a p95 under the threshold without an upper bound does not pass", () => {
    const v = judgeGate(g, { "ttft.p95": { value: 250, ci95: [230, null], n: 30 } });
    expect(v.verdict).toBe("inconclusive");
  });
  it("says when the metric was not measured, never passing or failing it", () => {
    expect(judgeGate(g, { accuracy: { value: 0.9, ci95: [0.8, 0.95], n: 100 } })).toMatchObject({
      verdict: "not_measured",
    });
  });
  it("judges an exact quantity on its value", () => {
    expect(
      judgeGate(parseGate("cost_per_1k_requests <= $2"), {
        cost_per_1k_requests: { value: 2.5, ci95: null, n: 1, exact: true },
      }).verdict,
    ).toBe("fail");
  });
});

describe("scorecard and recommendation", () => {
  const profile: Profile = {
    name: "test",
    description: "",
    gates: [parseGate("ttft.p95 <= 300 ms")],
    objectives: [
      { metric: "accuracy", better: "higher", standard: "accuracy" },
      { metric: "ttft.p95", better: "lower", standard: "efficiency" },
      { metric: "robustness.worst_case", better: "higher", standard: "robustness" },
    ],
    weights: { accuracy: 0.5, robustness: 0.2, usability: 0, efficiency: 0.5 },
    regression_margins: {},
  };
  const est = (value: number, lo: number, hi: number, n = 200) => ({ value, ci95: [lo, hi] as [number, number], n });
  const candidates: Candidate[] = [
    { name: "A", metrics: { accuracy: est(0.8, 0.74, 0.85), "ttft.p95": est(440, 400, 480) } },
    {
      name: "B",
      metrics: {
        accuracy: est(0.75, 0.69, 0.8),
        "ttft.p95": est(200, 180, 230),
        "robustness.worst_case": est(0.6, 0.5, 0.7),
      },
    },
    { name: "C", metrics: { accuracy: est(0.7, 0.63, 0.76), "ttft.p95": est(290, 250, 350, 100) } },
    { name: "D", metrics: { accuracy: est(0.6, 0.53, 0.66), "ttft.p95": est(100, 90, 120) } },
  ];
  const card = scorecard(candidates, profile);
  const row = (n: string) => card.rows.find((r) => r.name === n);

  it("fails, passes and leaves inconclusive by the gate's interval", () => {
    expect(card.rows.map((r) => [r.name, r.status])).toEqual([
      ["A", "fail"],
      ["B", "pass"],
      ["C", "inconclusive"],
      ["D", "pass"],
    ]);
  });
  it("ranks the passing candidates by weighted scores relative to the best", () => {
    // accuracy: B 0.75/0.75 = 1, D 0.6/0.75 = 0.8; efficiency (lower TTFT): B 100/200 = 0.5, D 100/100 = 1.
    // Robustness is measured for B only, so it is left out for both. B: (0.5·1 + 0.5·0.5)/1 = 0.75; D: (0.5·0.8 + 0.5·1)/1 = 0.9.
    expect(row("B")?.score).toBeCloseTo(0.75, 12);
    expect(row("D")?.score).toBeCloseTo(0.9, 12);
    expect([row("D")?.rank, row("B")?.rank]).toEqual([1, 2]);
    expect(card.standards_used).toEqual(["accuracy", "efficiency"]);
    expect(card.standards_left_out.map((s) => s.standard)).toEqual(["robustness"]);
    expect(row("A")?.score).toBeNull();
  });
  it("says it in plain words", () => {
    // A: 0.8 − 0.6 = 20 points more accurate than D; misses by 440 − 300 = 140 ms. C: 0.7 − 0.6 = 10 points;
    // as in the gate test, 100·(60/10)² = 3600 samples.
    expect(recommendation(card, candidates)).toBe(
      "D meets every gate of test and ranks first of the 2 that do; A is 20 points more accurate but misses ttft.p95 by 140 ms; C is 10 points more accurate but too close to call on ttft.p95 <= 300 ms (about 3600 samples would settle it; now 100).",
    );
  });
  it("says when nobody passes", () => {
    const none = scorecard([candidates[0] as Candidate], profile);
    expect(recommendation(none, candidates)).toMatch(
      /^No candidate meets every gate of test; A misses ttft\.p95 by 140 ms\.$/,
    );
  });
});

describe("a gate the data cannot bound yet", () => {
  it("says too few samples, not too close to call, when the deciding bound does not exist", () => {
    const profile: Profile = {
      name: "thin",
      description: "",
      gates: [parseGate("ttft.p95 <= 1000 ms")],
      objectives: [{ metric: "ttft.p95", better: "lower", standard: "efficiency" }],
      weights: { accuracy: 0, robustness: 0, usability: 0, efficiency: 1 },
      regression_margins: {},
    };
    // 23 requests give a p95 no upper order-statistic bound of a 95 % interval; 72 would (0.95^72 < 2.5 %).
    const thin: Candidate = {
      name: "E",
      metrics: { "ttft.p95": { value: 41.3, ci95: [34.9, null], n: 23, n_bounded: 72 } },
    };
    const card = scorecard([thin], profile);
    expect(card.rows[0]?.status).toBe("inconclusive");
    expect(recommendation(card, [thin])).toBe(
      "No candidate meets every gate of thin; E has too few samples to judge ttft.p95 <= 1000 ms (about 72 samples would settle it; now 23).",
    );
  });
});

describe("ranking edge cases", () => {
  const profile: Profile = {
    name: "p",
    description: "",
    gates: [],
    objectives: [
      { metric: "accuracy", better: "higher", standard: "accuracy" },
      { metric: "ttft.p95", better: "lower", standard: "efficiency" },
      { metric: "cost_per_1k_requests", better: "lower", standard: "efficiency" },
    ],
    weights: { accuracy: 0.5, robustness: 0, usability: 0, efficiency: 0.5 },
    regression_margins: {},
  };
  it("scores a tie as a tie, even at 0, and drops only the objective some candidate lacks", () => {
    const card = scorecard(
      [
        {
          name: "X",
          metrics: {
            accuracy: { value: 0, ci95: [0, 0.1], n: 40 },
            "ttft.p95": { value: 100, ci95: null, n: 80 },
            cost_per_1k_requests: { value: 1, ci95: null, n: 80 },
          },
        },
        {
          name: "Y",
          metrics: { accuracy: { value: 0, ci95: [0, 0.1], n: 40 }, "ttft.p95": { value: 200, ci95: null, n: 80 } },
        },
      ],
      profile,
    );
    // accuracy: both 0 → both 1. efficiency: cost dropped (Y has none), TTFT X 100/100 = 1, Y 100/200 = 0.5.
    // X: 0.5·1 + 0.5·1 = 1; Y: 0.5·1 + 0.5·0.5 = 0.75.
    expect(card.rows.map((r) => r.score)).toEqual([1, 0.75]);
    expect(card.standards_used).toEqual(["accuracy", "efficiency"]);
    expect(card.objectives_left_out.map((o) => o.metric)).toEqual(["cost_per_1k_requests"]);
  });
});

describe("profiles", () => {
  it("ships the five presets, each with weights summing to 1", () => {
    expect(Object.keys(PROFILES).sort()).toEqual([
      "batch-summarization",
      "chatbot",
      "code-assistant",
      "rag-qa",
      "realtime-translation",
    ]);
    for (const p of Object.values(PROFILES))
      expect(Object.values(p.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
  it("names the presets when asked for an unknown one", () => {
    expect(() => profileNamed("chat")).toThrow(/unknown profile "chat"; presets: chatbot, realtime-translation/);
  });
});

describe("paretoFront", () => {
  const axes = [
    { metric: "accuracy", better: "higher" as const },
    { metric: "ttft.p95", better: "lower" as const },
  ];
  it("keeps the undominated points and names who dominates the rest", () => {
    const r = paretoFront(
      [
        { name: "A", values: { accuracy: 0.8, "ttft.p95": 440 } },
        { name: "B", values: { accuracy: 0.75, "ttft.p95": 200 } },
        { name: "D", values: { accuracy: 0.6, "ttft.p95": 100 } },
        { name: "E", values: { accuracy: 0.5, "ttft.p95": 150 } },
        { name: "F", values: { accuracy: 0.5, "ttft.p95": 450 } },
        { name: "G", values: { accuracy: 0.9 } },
      ],
      axes,
    );
    expect(r.front).toEqual(["A", "B", "D"]);
    // E is beaten by D on both axes; F by A, B and D (each at least as accurate and faster), and by E (same accuracy, faster).
    expect(r.dominated).toEqual([
      { name: "E", by: ["D"] },
      { name: "F", by: ["A", "B", "D", "E"] },
    ]);
    expect(r.unmeasured).toEqual([{ name: "G", missing: ["ttft.p95"] }]);
  });
  it("does not let a point dominate its equal", () => {
    const r = paretoFront(
      [
        { name: "X", values: { accuracy: 0.5, "ttft.p95": 100 } },
        { name: "Y", values: { accuracy: 0.5, "ttft.p95": 100 } },
      ],
      axes,
    );
    expect(r.front).toEqual(["X", "Y"]);
  });
});

describe("cost", () => {
  it("prices a self-hosted machine by the hour over the completed-request rate", () => {
    // $2/h = $0.000555…/s; at 0.5 req/s a request costs 0.00111…; at 50 output tok/s a million tokens cost 1e6·0.000555…/50 = 11.11….
    const c = costOf(
      { kind: "hourly", usd_per_hour: 2 },
      { requests_per_s: 0.5, output_tokens_per_s: 50, mean_input_tokens: 0, mean_output_tokens: 100, n: 100 },
    );
    expect(c.cost_per_request).toBeCloseTo(2 / 3600 / 0.5, 15);
    expect(c.cost_per_1k_requests).toBeCloseTo(1.1111111, 6);
    expect(c.cost_per_1m_output_tokens).toBeCloseTo(11.111111, 5);
  });
  it("prices a hosted API by its tokens", () => {
    // 1000 input at $3/M + 200 output at $15/M = 0.003 + 0.003 = $0.006 a request; $0.006 / 200 tokens = $30 per million output tokens.
    const c = costOf(
      { kind: "tokens", input_per_million: 3, output_per_million: 15 },
      { requests_per_s: 1, output_tokens_per_s: 1, mean_input_tokens: 1000, mean_output_tokens: 200, n: 10 },
    );
    expect(c.cost_per_request).toBeCloseTo(0.006, 15);
    expect(c.cost_per_1k_requests).toBeCloseTo(6, 12);
    expect(c.cost_per_1m_output_tokens).toBeCloseTo(30, 10);
    const per = accuracyPer({ value: 0.6, ci95: [0.5, 0.7], n: 100 }, c, 1200);
    expect(per.per_dollar?.value).toBeCloseTo(100, 10);
    expect(per.per_dollar?.ci95?.[0]).toBeCloseTo(83.333333, 5);
    expect(per.per_1k_tokens?.value).toBeCloseTo(0.5, 12);
  });
  it("says why an hourly price buys nothing when nothing completed", () => {
    const c = costOf(
      { kind: "hourly", usd_per_hour: 2 },
      { requests_per_s: 0, output_tokens_per_s: 0, mean_input_tokens: 0, mean_output_tokens: 0, n: 0 },
    );
    expect(c.not_applicable).toMatch(/no request completed/);
    expect(Number.isNaN(c.cost_per_request)).toBe(true);
  });
});

describe("candidateMetrics: the quality stage's own latencies", () => {
  it("gives quality.* percentiles (type 7) from the answered requests, absent when none were timed", async () => {
    const { candidateMetrics } = await import("../../src/decide/candidate-metrics.js");
    const base = { evals: [], bench: null, levelValues: new Map(), pricing: null };
    // TTFT 10..50 ms: p50 = 30; p95 at rank 0.95 × 4 = 3.8 → 40 + 0.8 × 10 = 48.
    const { metrics } = candidateMetrics({
      ...base,
      qualityValues: { ttft: [50, 10, 40, 20, 30], tpot: [2, 4], e2e: [] },
    });
    expect(metrics["quality.ttft.p50"]).toMatchObject({ value: 30, n: 5 });
    expect(metrics["quality.ttft.p95"]?.value).toBeCloseTo(48, 10);
    expect(metrics["quality.tpot.p50"]).toMatchObject({ value: 3, n: 2 });
    // Five values cannot bound p95 from above at 95 %: the upper bound is null and n_bounded says how many could.
    expect(metrics["quality.ttft.p95"]?.ci95?.[1]).toBeNull();
    expect(metrics["quality.ttft.p95"]?.n_bounded).toBe(72);
    expect(metrics["quality.e2e.p50"]).toBeUndefined();
    expect(candidateMetrics({ ...base, qualityValues: null }).metrics["quality.ttft.p50"]).toBeUndefined();
  });
});
