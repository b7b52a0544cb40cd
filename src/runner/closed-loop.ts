/**
 * Closed-loop load: `concurrency` workers, each sending its next request the moment its previous
 * one finished, until `next` says the level is over or `stop` fires. `next` is asked, in send
 * order, with the raw time a worker became free (the request's intended time) and returns false
 * to end the level; `send` gets the request's index in the level and that time.
 */
export async function closedLoop(
  concurrency: number,
  next: (tIntended: number) => boolean,
  send: (index: number, tIntended: number) => Promise<void>,
  stop: AbortSignal,
): Promise<void> {
  let index = 0;
  let over = false;
  const worker = async (): Promise<void> => {
    while (!over && !stop.aborted) {
      const t = performance.now();
      if (!next(t)) {
        over = true;
        break;
      }
      await send(index++, t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
