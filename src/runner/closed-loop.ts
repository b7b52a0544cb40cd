/**
 * Closed-loop load: `concurrency` workers, each sending its next request the moment its previous
 * one finished, until `next` says the level is over or `stop` fires. A request is due when its
 * worker's previous stream ended (`send` resolves with that raw time), so whatever the client takes
 * between one stream's end and the next send (handing the record back from a worker thread, the
 * next request's hand-off) is schedule lag, never hidden. `next` is asked, in send order, with that
 * intended time and returns false to end the level; `send` gets the request's index in the level.
 */
export async function closedLoop(
  concurrency: number,
  next: (tIntended: number) => boolean,
  send: (index: number, tIntended: number) => Promise<number>,
  stop: AbortSignal,
): Promise<void> {
  let index = 0;
  let over = false;
  const worker = async (): Promise<void> => {
    let t = performance.now();
    while (!over && !stop.aborted) {
      if (!next(t)) {
        over = true;
        break;
      }
      t = await send(index++, t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
