import { existsSync, writeFileSync } from "node:fs";
import { Command, Option } from "commander";
import { PROFILES } from "../decide/profiles.js";
import { UserError } from "../errors.js";
import { starterConfig } from "../runner/run-config-starter.js";

/** `infermark init [file]`: writes a commented starter run config. */
export function initCommand(): Command {
  return new Command("init")
    .description("write a commented starter run config (eval.yaml) for `infermark run`")
    .argument("[file]", "where to write it", "eval.yaml")
    .addOption(new Option("--preset <name>", "application profile").choices(Object.keys(PROFILES)).default("chatbot"))
    .option("--force", "overwrite an existing file", false)
    .action((file: string, opts: { preset: string; force: boolean }) => {
      if (existsSync(file) && !opts.force) throw new UserError(`${file} already exists; pass --force to overwrite it`);
      try {
        writeFileSync(file, starterConfig(opts.preset));
      } catch (err) {
        throw new UserError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
      process.stderr.write(
        `infermark: wrote ${file} (profile ${opts.preset}); edit it, then: npx infermark run ${file}\n`,
      );
    });
}
