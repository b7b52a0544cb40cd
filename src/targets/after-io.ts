/**
 * Work queued while network reads are handled, run right after them (one `setImmediate` for the
 * whole batch). When many streams are readable at once, each read is stamped as it is handled;
 * parsing a chunk's JSON inline would delay the stamps of every stream read after it in the same
 * batch. Queued work runs in order, so a stream's end is handled after its last chunk.
 */
export class AfterIo {
  private queue: Array<() => void> = [];
  private scheduled = false;

  run(work: () => void): void {
    this.queue.push(work);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = [];
    for (const work of queue) work();
  };
}
