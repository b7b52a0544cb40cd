import cliProgress from "cli-progress";
import type { LoadSpec } from "../records/record.js";
import { progressFigures } from "../report/progress-line.js";
import type { RunnerHooks } from "../runner/request-runner.js";
import { addLive, emptyLive, liveView, type LiveTally } from "../standards/efficiency/live-stats.js";

const GRACE_MS = 2000;

/**
 * First Ctrl-C: send nothing more and give requests in flight a short grace before cutting them,
 * so the run still writes its summary. Second Ctrl-C: quit at once (every record is already on disk).
 */
export function handleInterrupts(beforeMessage: () => void = () => {}): {
  signals: { stop: AbortSignal; abort: AbortSignal };
  interrupted(): boolean;
  dispose(): void;
} {
  const stop = new AbortController();
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onSigint = (): void => {
    // A live bar would redraw over the message (and the lines above it): end it first.
    beforeMessage();
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

/** The bar's label for a level: bench names the load; eval names its task instead. */
export type ProgressLabel = (level: number, load: LoadSpec) => string;

const loadLabel: ProgressLabel = (level, load) =>
  `level ${level} ${load.mode === "rate" ? `rate ${load.value.toFixed(2)}` : `c=${load.value}`}`;

/** What a progress display offers a command: runner hooks, `stop` (ends the bar) and `halt` (ends it for good). */
export interface Progress {
  hooks: RunnerHooks;
  stop(): void;
  halt(): void;
}

/**
 * A progress bar per level on stderr, only on an interactive terminal (never in pipes or CI), with
 * the live figures of the level: done/total, current rate, TTFT p50 so far, errors and ETA.
 */
export function showProgress(enabled: boolean, label: ProgressLabel = loadLabel): Progress {
  const tty = enabled && process.stderr.isTTY === true && !process.env.CI;
  if (!tty) return { hooks: {}, stop: () => {}, halt: () => {} };
  let bar: cliProgress.SingleBar | null = null;
  let tally: LiveTally = emptyLive();
  let total: number | null = null;
  let halted = false;
  const stop = (): void => {
    bar?.stop();
    bar = null;
  };
  return {
    hooks: {
      onLevelStart: (level, load, expected) => {
        stop();
        if (halted) return;
        tally = emptyLive();
        total = expected;
        // A timed level has no known total: no bar, the figures alone.
        const format =
          expected === null ? `${label(level, load)} {figures}` : `${label(level, load)} [{bar}] {figures}`;
        bar = new cliProgress.SingleBar(
          { format, stream: process.stderr, hideCursor: true, barsize: 10 },
          cliProgress.Presets.shades_classic,
        );
        bar.start(expected ?? 0, 0, { figures: progressFigures(liveView(tally, total)) });
      },
      onRecord: (r) => {
        addLive(tally, r);
        bar?.increment(1, { figures: progressFigures(liveView(tally, total)) });
      },
      onLevelEnd: () => stop(),
    },
    stop,
    halt: () => {
      halted = true;
      stop();
    },
  };
}
