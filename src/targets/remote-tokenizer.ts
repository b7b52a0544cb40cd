import { Pool } from "undici";
import { targetHeaders } from "./request-headers.js";

/** How a server's tokenize endpoint is asked, and what it answers. */
type Dialect = "vllm" | "llamacpp";

/** Asks `count(text)` of a server's tokenizer, or null when the answer is not one we read. */
type RemoteCount = (text: string) => Promise<number | null>;

/** Probes at most this many tokenize calls at once while building the word table. */
const PARALLEL = 8;

/** Answers of vLLM (`{count, tokens}`, BOS included by default) and llama.cpp's server (`{tokens}`). */
function readCount(body: unknown): number | null {
  if (body === null || typeof body !== "object") return null;
  const b = body as { count?: unknown; tokens?: unknown };
  if (typeof b.count === "number") return b.count;
  return Array.isArray(b.tokens) ? b.tokens.length : null;
}

function asker(
  pool: Pool,
  path: string,
  dialect: Dialect,
  model: string,
  headers: Record<string, string>,
): RemoteCount {
  return async (text) => {
    // llama.cpp counts BOS only when asked; vLLM adds special tokens by default, as its completions endpoint does.
    const body = dialect === "vllm" ? { model, prompt: text } : { content: text, add_special: true };
    const res = await pool.request({
      path,
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify(body),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    const text2 = await res.body.text();
    if (res.statusCode >= 400) return null;
    try {
      return readCount(JSON.parse(text2));
    } catch {
      return null;
    }
  };
}

/**
 * A server's own token count for prompts made of the given words, from its tokenize endpoint
 * (vLLM and llama.cpp serve `POST /tokenize` at the server root): each word's cost is asked once,
 * at the start of a prompt and after another word, and a prompt's count is their sum plus the
 * special tokens. Byte-level BPE and SentencePiece split on whitespace, so the sum is exact for
 * these space-joined words; it is checked against the server on `checks` whole prompts and the
 * table is refused when any differs. Null when the server has no tokenize endpoint.
 */
export async function remoteWordTokenizer(
  baseUrl: string,
  model: string,
  apiKey: string | undefined,
  words: readonly string[],
  checks: readonly string[],
  extraHeaders: Record<string, string> = {},
): Promise<{ count: (prompt: string) => number; dialect: Dialect } | null> {
  const origin = new URL(baseUrl).origin;
  const pool = new Pool(origin, { connections: PARALLEL });
  try {
    for (const dialect of ["vllm", "llamacpp"] as const) {
      const ask = asker(pool, "/tokenize", dialect, model, targetHeaders(apiKey, extraHeaders));
      const probe = await ask("hello world").catch(() => null);
      // An endpoint that answers with no tokens for real text is not a tokenizer we can use (e.g. the other dialect's body ignored).
      if (probe === null || probe <= 0) continue;
      const table = await wordTable(ask, words);
      if (!table) return null;
      const count = (prompt: string): number => {
        const ws = prompt.split(" ").filter((w) => w !== "");
        return ws.reduce((n, w, i) => n + ((i === 0 ? table.first.get(w) : table.after.get(w)) ?? 1), table.special);
      };
      for (const p of checks) if ((await ask(p)) !== count(p)) return null;
      return { count, dialect };
    }
    return null;
  } catch {
    return null;
  } finally {
    await pool.close();
  }
}

/** Each word's token cost at the start of a prompt and after another word ("the"), and the special tokens every prompt carries. */
async function wordTable(
  ask: RemoteCount,
  words: readonly string[],
): Promise<{ special: number; first: Map<string, number>; after: Map<string, number> } | null> {
  const special = await ask("");
  const lead = await ask("the");
  if (special === null || lead === null) return null;
  const first = new Map<string, number>();
  const after = new Map<string, number>();
  const unique = [...new Set(words)];
  for (let i = 0; i < unique.length; i += PARALLEL) {
    const batch = unique.slice(i, i + PARALLEL);
    const counts = await Promise.all(batch.flatMap((w) => [ask(w), ask(`the ${w}`)]));
    for (const [j, w] of batch.entries()) {
      const alone = counts[2 * j];
      const joined = counts[2 * j + 1];
      if (alone === null || alone === undefined || joined === null || joined === undefined) return null;
      first.set(w, alone - special);
      after.set(w, joined - lead);
    }
  }
  return { special, first, after };
}
