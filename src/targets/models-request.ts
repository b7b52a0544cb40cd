import type { Pool } from "undici";
import { UserError } from "../errors.js";
import { jsonTooDeep, MAX_JSON_DEPTH } from "./json-safety.js";

/** The longest the start of a run waits for GET /models, whatever --timeout says. */
export const MODELS_DEADLINE_MS = 30_000;
/** A /models answer larger than this is refused (hosted APIs list a few hundred KiB at most). */
export const MODELS_MAX_BYTES = 8 * 1024 * 1024;

/**
 * The limit for the whole /models exchange: --timeout, capped at MODELS_DEADLINE_MS. It covers
 * headers and body together: undici's per-gap timeouts restart on every byte, so a server
 * dripping one byte every few seconds would otherwise hold the start forever.
 */
export function modelsDeadlineMs(timeoutMs: number): number {
  return timeoutMs > 0 ? Math.min(timeoutMs, MODELS_DEADLINE_MS) : MODELS_DEADLINE_MS;
}

/** GET `path` and read the whole body within `deadlineMs` and `maxBytes`; overrunning either is a user error naming `url`. Transport errors propagate. */
export async function getWithin(
  pool: Pool,
  req: { url: string; path: string; headers: Record<string, string>; deadlineMs: number; maxBytes: number },
): Promise<{ status: number; text: string }> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), req.deadlineMs);
  try {
    const res = await pool.request({ path: req.path, method: "GET", headers: req.headers, signal: ac.signal });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > req.maxBytes) {
        res.body.destroy();
        throw new UserError(
          `GET ${req.url} answered more than ${req.maxBytes / (1024 * 1024)} MiB: not an OpenAI-compatible models list; check the URL`,
        );
      }
      chunks.push(chunk);
    }
    return { status: res.statusCode, text: Buffer.concat(chunks, size).toString("utf8") };
  } catch (err) {
    if (err instanceof UserError) throw err;
    if (ac.signal.aborted)
      throw new UserError(
        `GET ${req.url} gave no complete answer within ${req.deadlineMs / 1000} s (the server stalls or sends too slowly): check the server and the URL`,
      );
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** A /models body as JSON, or why it is not usable: not JSON, or nested too deep to keep (it goes into run.json and to worker threads). */
export function parseModels(text: string): { models: unknown } | { unusable: string } {
  if (jsonTooDeep(text)) return { unusable: `its answer nests deeper than ${MAX_JSON_DEPTH} levels` };
  try {
    return { models: JSON.parse(text) as unknown };
  } catch {
    return { unusable: "its answer is not JSON" };
  }
}
