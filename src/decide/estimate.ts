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
  /** The n at which both interval bounds exist, when a bound is null for want of data (a p99 needs 367 values). */
  n_bounded?: number;
}

/** A candidate's measured quantities by dotted name: "ttft.p95", "accuracy", "ifeval.prompt_strict". */
export type CandidateMetrics = Readonly<Record<string, Estimate>>;

/** One candidate: a name (target + decoding setting) and what was measured of it. */
export interface Candidate {
  name: string;
  metrics: CandidateMetrics;
}
