/** Resolves at raw time `due` (performance.now()), or early when `stop` fires. */
export function sleepUntil(due: number, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onStop = (): void => {
      clearTimeout(timer);
      resolve();
    };
    let timer: NodeJS.Timeout | undefined;
    const step = (): void => {
      const left = due - performance.now();
      if (left <= 0 || stop.aborted) {
        stop.removeEventListener("abort", onStop);
        return resolve();
      }
      // Timers fire up to ~1 ms late: sleep until just before, then yield turn by turn (I/O still runs).
      if (left > 1.5) timer = setTimeout(step, left - 1);
      else setImmediate(step);
    };
    stop.addEventListener("abort", onStop, { once: true });
    step();
  });
}

/**
 * Open-loop load: each arrival is released at its own absolute time, whatever the server does,
 * so lateness never accumulates (no drift) and a slow server cannot slow the offered load
 * (no coordinated omission). With `maxConcurrency`, released arrivals wait in order for a free
 * slot; that wait is the request's schedule lag. Arrivals still waiting at `deadline` (raw time)
 * are never sent and go to `drop`. Stopping releases nothing more and drops nothing.
 */
export async function openLoop(
  /** Raw performance.now() at which each arrival is meant to be sent, ascending. */
  dues: readonly number[],
  maxConcurrency: number | null,
  send: (index: number, due: number, released: number) => Promise<void>,
  drop: (index: number, due: number, released: number) => void,
  stop: AbortSignal,
  deadline: number | null,
): Promise<void> {
  const running = new Set<Promise<void>>();
  const waiting: Array<{ index: number; due: number; released: number }> = [];
  let active = 0;
  let settled: () => void = () => {};

  const start = (index: number, due: number, released: number): void => {
    active++;
    const p = send(index, due, released).finally(() => {
      active--;
      running.delete(p);
      pump();
      if (running.size === 0 && waiting.length === 0) settled();
    });
    running.add(p);
  };
  const dropWaiting = (): void => {
    for (const w of waiting.splice(0)) drop(w.index, w.due, w.released);
  };
  const pump = (): void => {
    if (stop.aborted) waiting.length = 0;
    if (deadline !== null && performance.now() >= deadline) dropWaiting();
    while (waiting.length > 0 && (maxConcurrency === null || active < maxConcurrency) && !stop.aborted) {
      const w = waiting.shift()!;
      start(w.index, w.due, w.released);
    }
  };

  for (let i = 0; i < dues.length; i++) {
    const due = dues[i]!;
    await sleepUntil(due, stop);
    if (stop.aborted) break;
    waiting.push({ index: i, due, released: performance.now() });
    pump();
  }
  if (stop.aborted) waiting.length = 0;
  if (waiting.length > 0 && deadline !== null) {
    await sleepUntil(deadline, stop);
    pump();
    if (stop.aborted) waiting.length = 0;
  }
  if (running.size === 0 && waiting.length === 0) return;
  await new Promise<void>((resolve) => (settled = resolve));
}
