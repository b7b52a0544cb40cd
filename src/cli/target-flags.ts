import { Option, type Command } from "commander";
import { z } from "zod";
import type { TargetSpec } from "../targets/open-target.js";
import { parseHeaders } from "../targets/request-headers.js";
import { resolveTargetSpec } from "../targets/target-spec.js";
import { collectParam, positiveInt } from "./options.js";

/** Flags every command that talks to a target shares, as a zod shape to spread into its schema. */
export const TARGET_FLAGS = {
  target: z.string().optional(),
  api: z.enum(["chat", "completions"]),
  model: z.string().optional(),
  apiKeyEnv: z.string(),
  param: z.record(z.string(), z.unknown()).default({}),
  header: z.array(z.string()).default([]),
  timeout: z.coerce.number().min(0, "must be 0 or more seconds"),
  maxResponseMb: z.coerce.number().gt(0, "must be above 0"),
  threads: positiveInt.optional(),
  parallel: positiveInt,
  ctxSize: positiveInt,
};

/** Parsed values of TARGET_FLAGS. */
export type TargetFlags = z.infer<z.ZodObject<typeof TARGET_FLAGS>>;

/**
 * Adds the shared target options to a command (before its own). The collectors (--param,
 * --header) get no commander default: help would print it as "(default: {})".
 */
export function addTargetOptions(cmd: Command): Command {
  return cmd
    .option(
      "--target <url|llama:path>",
      "http(s)://host:port/v1, or llama:PATH.gguf (or PATH.gguf) for the embedded engine (default: INFERMARK_MODEL or the tiny default model)",
    )
    .addOption(
      new Option("--api <kind>", "OpenAI API flavour: chat (messages) or completions (raw prompt)")
        .choices(["chat", "completions"])
        .default("chat"),
    )
    .option("--model <id>", "model id (default: the first from GET /v1/models)")
    .option("--api-key-env <name>", "environment variable holding the API key", "OPENAI_API_KEY")
    .option("--param <key=value>", "extra request parameter, JSON-typed (repeatable)", collectParam)
    .option(
      "--header <name:value>",
      "HTTP header sent on every request (repeatable); $VAR or ${VAR} in the value is read from the environment; only names are written",
      collectHeader,
    )
    .option("--timeout <seconds>", "per-request time limit (0: none)", "600")
    .option(
      "--max-response-mb <n>",
      "most MiB one HTTP response may send (one SSE event: at most 16 MiB); beyond, the request fails as response_too_large",
      "256",
    )
    .option("--threads <n>", "embedded engine CPU threads (default: half the cores, at least 1)")
    .option("--parallel <n>", "embedded engine sequences decoded together", "1")
    .option("--ctx-size <n>", "embedded engine context size per sequence, in tokens", "2048");
}

const collectHeader = (raw: string, acc: string[] = []): string[] => [...acc, raw];

/** What the environment supplies to the target flags: the API key (never a flag) and the --header values it names. */
export function targetSecrets(f: Pick<TargetFlags, "apiKeyEnv" | "header">): {
  apiKey?: string;
  headers: Record<string, string>;
} {
  const apiKey = process.env[f.apiKeyEnv] || undefined;
  return { ...(apiKey ? { apiKey } : {}), headers: parseHeaders(f.header, process.env) };
}

/** The target spec the flags describe; the API key comes from the environment, never from a flag. */
export function targetSpec(f: TargetFlags, o: { stream: boolean; connections: number }): TargetSpec {
  return resolveTargetSpec({ ...f, ...targetSecrets(f) }, o);
}

/** A fresh run directory name under runs/, e.g. runs/bench-20261128-104500. */
export function defaultOutDir(kind: string): string {
  return `runs/${kind}-${new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-")}`;
}
