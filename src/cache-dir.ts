import { homedir } from "node:os";
import { join } from "node:path";

/** Cache folder: INFERMARK_CACHE_DIR, else $XDG_CACHE_HOME/infermark, else ~/.cache/infermark. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.INFERMARK_CACHE_DIR) return env.INFERMARK_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "infermark");
}
