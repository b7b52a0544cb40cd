import { request } from "undici";
import { targetHeaders } from "../targets/request-headers.js";
import { parsePrometheus, type PrometheusSample } from "../standards/efficiency/server-signals.js";

/**
 * Scrapes a Prometheus text endpoint (a target's capabilities.metricsUrl). Returns null when the
 * server has no such endpoint or it does not answer within 2 s.
 */
export async function scrapeMetrics(
  url: string,
  apiKey?: string,
  extraHeaders: Record<string, string> = {},
): Promise<PrometheusSample | null> {
  try {
    const res = await request(url, {
      headers: targetHeaders(apiKey, extraHeaders),
      headersTimeout: 2000,
      bodyTimeout: 2000,
    });
    const text = await res.body.text();
    if (res.statusCode >= 400) return null;
    const sample = parsePrometheus(text);
    return sample.size > 0 ? sample : null;
  } catch {
    return null;
  }
}
