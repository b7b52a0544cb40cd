import type { Estimate } from "./estimate.js";

/** What a candidate costs: hosted APIs bill tokens, self-hosted servers bill hours of a machine. */
export type Pricing =
  { kind: "tokens"; input_per_million: number; output_per_million: number } | { kind: "hourly"; usd_per_hour: number };

/** What cost is computed from, measured at one load level. */
export interface CostBasis {
  /** Completed requests per second at the chosen load (hourly pricing). */
  requests_per_s: number;
  /** Output tokens per second at the chosen load (hourly pricing). */
  output_tokens_per_s: number;
  /** Mean input and output tokens per completed request (token pricing). */
  mean_input_tokens: number;
  mean_output_tokens: number;
  /** Completed requests the means and rates rest on. */
  n: number;
}

export interface Cost {
  cost_per_request: number;
  cost_per_1k_requests: number;
  cost_per_1m_output_tokens: number;
  /** Why a figure could not be computed (a machine that completed nothing has no cost per request). */
  not_applicable?: string;
}

/**
 * Cost per completed request. Hourly: the machine's price per second over the completed-request
 * rate. Failed requests occupied the machine too; dividing by completed requests alone makes the
 * useful answers carry that waste, which is what a user pays per answer. Tokens: the mean billed
 * tokens of a completed request at the listed prices.
 */
export function costOf(pricing: Pricing, basis: CostBasis): Cost {
  if (pricing.kind === "hourly") {
    if (basis.requests_per_s <= 0 || basis.output_tokens_per_s <= 0)
      return {
        cost_per_request: NaN,
        cost_per_1k_requests: NaN,
        cost_per_1m_output_tokens: NaN,
        not_applicable: "no request completed at this load, so an hourly price buys none",
      };
    const perSecond = pricing.usd_per_hour / 3600;
    const perRequest = perSecond / basis.requests_per_s;
    return {
      cost_per_request: perRequest,
      cost_per_1k_requests: 1000 * perRequest,
      cost_per_1m_output_tokens: (1e6 * perSecond) / basis.output_tokens_per_s,
    };
  }
  const perRequest =
    (basis.mean_input_tokens * pricing.input_per_million + basis.mean_output_tokens * pricing.output_per_million) / 1e6;
  const perOutputToken = basis.mean_output_tokens > 0 ? perRequest / basis.mean_output_tokens : NaN;
  return {
    cost_per_request: perRequest,
    cost_per_1k_requests: 1000 * perRequest,
    cost_per_1m_output_tokens: 1e6 * perOutputToken,
    ...(basis.mean_output_tokens > 0 ? {} : { not_applicable: "no output tokens, so no cost per output token" }),
  };
}

/**
 * Correct answers per dollar and per 1,000 tokens spent, from an accuracy estimate: the interval
 * scales with it, because the cost side is a price times a measured mean, taken as exact here.
 */
export function accuracyPer(
  accuracy: Estimate,
  cost: Cost,
  meanTokensPerRequest: number,
): { per_dollar: Estimate | null; per_1k_tokens: Estimate | null } {
  const scale = (k: number): Estimate | null =>
    Number.isFinite(k) && k > 0
      ? {
          value: accuracy.value * k,
          n: accuracy.n,
          ci95:
            accuracy.ci95 === null
              ? null
              : [
                  accuracy.ci95[0] === null ? null : accuracy.ci95[0] * k,
                  accuracy.ci95[1] === null ? null : accuracy.ci95[1] * k,
                ],
        }
      : null;
  return { per_dollar: scale(1 / cost.cost_per_request), per_1k_tokens: scale(1000 / meanTokensPerRequest) };
}
