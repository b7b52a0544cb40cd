/**
 * A measured quantity as the decision layer sees it: the value, its 95 % interval where it is an
 * estimate (null bounds where no interval can be given, e.g. a p99 from too few requests), and the
 * n it rests on. Exact quantities (a configured price) carry `exact: true` and no interval.
 */
export interface Estimate {
  value: number;
  ci95: [number | null, number | null] | null;
  n: number;
  exact?: boolean;
}

/** A candidate's measured quantities by dotted name: "ttft.p95", "accuracy", "ifeval.prompt_strict". */
export type CandidateMetrics = Readonly<Record<string, Estimate>>;

/** One candidate: a name (target + decoding setting) and what was measured of it. */
export interface Candidate {
  name: string;
  metrics: CandidateMetrics;
}
