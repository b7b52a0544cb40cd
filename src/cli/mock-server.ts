import { Command } from "commander";
import { z } from "zod";
import { MOCK_DEFAULTS, startMockServer } from "../mock/sse-server.js";
import { nonNegativeInt, parseFlags, positiveInt } from "./options.js";

const flags = z.object({
  host: z.string(),
  port: nonNegativeInt,
  model: z.string(),
  ttft: z.coerce.number().min(0),
  itl: z.coerce.number().min(0),
  tokensPerChunk: positiveInt,
  tokens: positiveInt,
  slots: nonNegativeInt,
  fail500Every: nonNegativeInt,
  dropEvery: nonNegativeInt,
  stallEvery: nonNegativeInt,
  rejectStreamOptions: z.boolean(),
  timings: z.boolean(),
  requireHeader: z
    .string()
    .regex(/^[^:]+:.*$/, "expected NAME:VALUE")
    .transform((s): [string, string] => [s.slice(0, s.indexOf(":")).trim(), s.slice(s.indexOf(":") + 1).trim()])
    .optional(),
});

/** `infermark mock-server`: an OpenAI-compatible SSE server with known timings, for dry runs and calibration. */
export function mockServerCommand(): Command {
  const d = MOCK_DEFAULTS;
  return new Command("mock-server")
    .description("serve a fake OpenAI-compatible model with known timings (dry runs, client calibration)")
    .option("--host <host>", "address to listen on", d.host)
    .option("--port <n>", "port (0: any free port)", "8000")
    .option("--model <id>", "model id to report", d.model)
    .option("--ttft <ms>", "time to first token", String(d.ttftMs))
    .option("--itl <ms>", "time between token chunks", String(d.itlMs))
    .option("--tokens-per-chunk <n>", "tokens in each streamed chunk", String(d.tokensPerChunk))
    .option("--tokens <n>", "output tokens when a request sets no max_tokens", String(d.defaultTokens))
    .option("--slots <n>", "requests served at once, others queue (0: no limit)", String(d.slots))
    .option("--fail-500-every <n>", "every n-th request answers HTTP 500", "0")
    .option("--drop-every <n>", "every n-th request has its stream cut", "0")
    .option("--stall-every <n>", "every n-th request stalls after its headers", "0")
    .option("--reject-stream-options", "answer 400 to requests that carry stream_options", false)
    .option("--timings", "add llama.cpp-style timings to the final chunk", false)
    .option("--require-header <name:value>", "answer 401 to any /v1 request without this header (a gateway's check)")
    .action(async (raw: Record<string, unknown>) => {
      const f = parseFlags(flags, raw);
      const server = await startMockServer({
        host: f.host,
        port: f.port,
        model: f.model,
        ttftMs: f.ttft,
        itlMs: f.itl,
        tokensPerChunk: f.tokensPerChunk,
        defaultTokens: f.tokens,
        slots: f.slots,
        fail500Every: f.fail500Every,
        dropEvery: f.dropEvery,
        stallEvery: f.stallEvery,
        rejectStreamOptions: f.rejectStreamOptions,
        timings: f.timings,
        requireHeader: f.requireHeader ?? null,
      });
      // Also serves GET /metrics (vLLM names: queue time, TTFT, E2E, running/waiting) for server-side signals.
      process.stdout.write(`listening on ${server.url}\n`);
      const stop = (): void => void server.close().then(() => process.exit(0));
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
}
