import type { RequestRecord } from "../records/record.js";

/**
 * Finishes records (build, serialise, write) one per event-loop turn instead of inline. When many
 * streams end together, doing that work inline would hold up the socket reads of the streams
 * still running and inflate their token times; with one record per `setImmediate`, pending I/O
 * (and so every timestamp) is serviced between records. Records still reach disk within
 * milliseconds, in completion order.
 */
export class RecordQueue {
  private readonly pending: Array<() => RequestRecord> = [];
  private scheduled = false;
  private waiters: Array<() => void> = [];

  constructor(private readonly onRecord: (r: RequestRecord) => void) {}

  /** Queues a record, given as the function that finishes it. */
  push(finish: () => RequestRecord): void {
    this.pending.push(finish);
    this.schedule();
  }

  /** Resolves once every pushed record has been handed to `onRecord`. */
  drain(): Promise<void> {
    if (this.pending.length === 0 && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.step);
  }

  private readonly step = (): void => {
    this.scheduled = false;
    const next = this.pending.shift();
    if (next) this.onRecord(next());
    if (this.pending.length > 0) return this.schedule();
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  };
}
