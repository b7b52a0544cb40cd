import cliProgress from "cli-progress";
import type { RunnerHooks } from "../runner/request-runner.js";

const GRACE_MS = 2000;

/**
 * First Ctrl-C: send nothing more and give requests in flight a short grace before cutting them,
 * so the run still writes its summary. Second Ctrl-C: quit at once (every record is already on disk).
 */
export function handleInterrupts(): {
  signals: { stop: AbortSignal; abort: AbortSignal };
  interrupted(): boolean;
  dispose(): void;
} {
  const stop = new AbortController();
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onSigint = (): void => {
    if (stop.signal.aborted) {
      process.stderr.write("\ninfermark: interrupted again, quitting; records so far are in records.jsonl\n");
      process.exit(130);
    }
    process.stderr.write(
      `\ninfermark: interrupted: sending no more requests, waiting up to ${GRACE_MS / 1000} s for those in flight (Ctrl-C again to quit now)\n`,
    );
    stop.abort();
    timer = setTimeout(() => abort.abort(), GRACE_MS);
  };
  process.on("SIGINT", onSigint);
  return {
    signals: { stop: stop.signal, abort: abort.signal },
    interrupted: () => stop.signal.aborted,
    dispose: () => {
      process.off("SIGINT", onSigint);
      if (timer) clearTimeout(timer);
    },
  };
}

/** A progress bar per level on stderr, only on an interactive terminal (never in pipes or CI). */
export function showProgress(enabled: boolean): { hooks: RunnerHooks; stop(): void } {
  const tty = enabled && process.stderr.isTTY === true && !process.env.CI;
  if (!tty) return { hooks: {}, stop: () => {} };
  let bar: cliProgress.SingleBar | null = null;
  const stop = (): void => {
    bar?.stop();
    bar = null;
  };
  return {
    hooks: {
      onLevelStart: (level, load, expected) => {
        stop();
        const title = `level ${level}: ${load.mode} ${load.mode === "rate" ? load.value.toFixed(2) : load.value}`;
        // A timed level has no known total: show a running count instead of a bar.
        const format =
          expected === null ? `${title} {value} requests {failed}` : `${title} [{bar}] {value}/{total} {failed}`;
        bar = new cliProgress.SingleBar(
          { format, stream: process.stderr, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(expected ?? 0, 0, { failed: "" });
      },
      onRecord: (r) => bar?.increment(1, r.error ? { failed: `last error: ${r.error.kind}` } : {}),
      onLevelEnd: () => stop(),
    },
    stop,
  };
}
