/**
 * Closed-loop load: `concurrency` workers, each sending its next request the moment its previous
 * one finished, until `count` were sent or `stop` fires. `send` gets the request's index in the
 * level and the raw time it was meant to go out (the moment a worker became free).
 */
export async function closedLoop(
  concurrency: number,
  count: number,
  send: (index: number, tIntended: number) => Promise<void>,
  stop: AbortSignal,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count && !stop.aborted) {
      const index = next++;
      await send(index, performance.now());
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
