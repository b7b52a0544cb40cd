#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { UserError } from "../errors.js";
import { VERSION } from "../version.js";
import { benchCommand } from "./bench.js";
import { calibrateCommand } from "./calibrate.js";
import { compareCommand } from "./compare.js";
import { evalCommand } from "./eval.js";
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

async function main(): Promise<void> {
  try {
    await program().parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return; // --help, --version
      process.stderr.write(`infermark: ${err.message.replace(/^error: /, "")} (see --help)\n`);
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
