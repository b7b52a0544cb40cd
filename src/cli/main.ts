#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { UserError } from "../errors.js";
import { VERSION } from "../version.js";
import { benchCommand } from "./bench.js";
import { calibrateCommand } from "./calibrate.js";
import { compareCommand } from "./compare.js";
import { evalCommand } from "./eval.js";
import { foreignSuggestion, translateArgs } from "./foreign-flags.js";
import { importCommand } from "./import.js";
import { initCommand } from "./init.js";
import { mockServerCommand } from "./mock-server.js";
import { reportCommand } from "./report.js";
import { runCommand } from "./run.js";
import { scoreCommand } from "./score.js";

function program(): Command {
  const p = new Command("infermark")
    .description("measure LLM inference: accuracy, robustness, usability and efficiency")
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: () => {} }); // errors are printed once, below, as one line
  for (const cmd of [
    runCommand(),
    benchCommand(),
    evalCommand(),
    reportCommand(),
    importCommand(),
    calibrateCommand(),
    scoreCommand(),
    compareCommand(),
    initCommand(),
    mockServerCommand(),
  ])
    p.addCommand(cmd.exitOverride().configureOutput({ writeErr: () => {} }));
  return p;
}

/** Commander's message on one line, with a did-you-mean from the foreign-flag table when commander has none. */
function oneLine(err: CommanderError, command: string): string {
  const message = err.message.replace(/^error: /, "").replace(/\n\(Did you mean (.+)\?\)$/, "; did you mean $1?");
  const unknown = err.code === "commander.unknownOption" && !message.includes("did you mean");
  const flag = unknown ? /'([^']+)'/.exec(message)?.[1] : undefined;
  const hint = flag !== undefined ? foreignSuggestion(command, flag.replace(/=.*$/, "")) : null;
  return hint ? `${message}; ${hint}` : message;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  try {
    // Flags people bring from vLLM, GuideLLM and lm-eval (and older infermark names) become ours first.
    await program().parseAsync(translateArgs(args), { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return; // --help, --version
      const message = oneLine(err, args[0] ?? "");
      process.stderr.write(`infermark: ${message} (see --help)\n`);
      process.exit(2);
    }
    if (err instanceof UserError) {
      process.stderr.write(`infermark: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

await main();
