import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "../../src/package-root.js";

/** The built CLI, run as a user runs it. */
export const CLI = join(packageRoot(), "dist", "src", "cli", "main.js");

/** The shared tiny model (../shared is read-only and never copied into the repo). */
/** The read-only shared folder beside the repository (models, datasets, reference files). */
export const SHARED = join(packageRoot(), "..", "shared");

export const SHARED_MODEL = join(SHARED, "models", "stories260K.gguf");

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Names of variables a developer's shell may hold that a CLI test must never inherit. */
const SECRET_NAME = /API_?KEY|TOKEN|SECRET|PASSWORD/i;

/**
 * The environment a CLI test runs in: the caller's without anything secret, its own empty cache
 * directory unless the test names one (never the developer's ~/.cache), and CI set.
 */
export function cliEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !SECRET_NAME.test(k)));
  return {
    ...inherited,
    CI: "true",
    INFERMARK_CACHE_DIR: mkdtempSync(join(tmpdir(), "infermark-test-cache-")),
    ...env,
  };
}

/** Runs `infermark ARGS`; `onSpawn` may poke the child (e.g. send SIGINT). */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  onSpawn?: (child: ReturnType<typeof spawn>) => void,
): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI, ...args], { env: cliEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  onSpawn?.(child);
  return new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
}
