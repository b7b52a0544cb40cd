/** One server-sent event, stamped with the arrival time of the network chunk that completed it. */
export interface SseEvent {
  event: string;
  data: string;
  t: number;
}

/** The largest single event (or unterminated line) a parser holds by default: 16 MiB. */
export const MAX_EVENT_BYTES = 16 * 1024 * 1024;

/** Incremental SSE parser over raw bytes: feed it each network chunk with the time it arrived. */
export interface SseParser {
  push(chunk: Buffer, t: number): void;
  /** The stream closed: a final unterminated line or event still counts (lenient, as many servers end that way). */
  end(t: number): void;
}

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;

/** The value of the field line bytes[..end): after the colon and one optional space. */
function fieldValue(bytes: Buffer, colon: number, end: number): string {
  if (colon === -1) return "";
  return bytes.toString("utf8", colon + 1 < end && bytes[colon + 1] === 0x20 ? colon + 2 : colon + 1, end);
}

/**
 * Byte-level parser for the WHATWG event-stream format. It works on bytes, not strings, so a UTF-8
 * character split across reads is never mangled, and it never parses JSON: callers stamp time
 * first and decode later. Lines end in LF, CRLF or CR (a CRLF split across reads is one ending).
 */
export function createSseParser(
  onEvent: (e: SseEvent) => void,
  maxEventBytes = MAX_EVENT_BYTES,
  onOversize: (bytes: number) => void = () => {},
): SseParser {
  let partial: Buffer[] = [];
  let partialLen = 0;
  let skipLeadingLF = false;
  let data: string[] = [];
  let dataLen = 0;
  let eventName = "";
  // A line that never ends, or an event that never closes, would be buffered whole: past the cap the
  // parser drops what it holds, reports once, and reads nothing more.
  let oversize = false;

  function overflow(bytes: number): void {
    oversize = true;
    partial = [];
    partialLen = 0;
    data = [];
    dataLen = 0;
    onOversize(bytes);
  }

  function dispatch(t: number): void {
    if (data.length > 0) onEvent({ event: eventName || "message", data: data.join("\n"), t });
    data = [];
    dataLen = 0;
    eventName = "";
  }

  /** The line bytes[s..e), read in place: a view per line would be two allocations per event. */
  function line(bytes: Buffer, s: number, e: number, t: number): void {
    if (e === s) return dispatch(t);
    if (bytes[s] === COLON) return; // comment / keep-alive
    // Searched within the line only: indexOf would run on to the end of the read for every line
    // without a colon (quadratic in a read of many such lines).
    let colon = -1;
    for (let i = s; i < e; i++)
      if (bytes[i] === COLON) {
        colon = i;
        break;
      }
    const nameLen = (colon === -1 ? e : colon) - s;
    // Field names are compared as bytes: no string is made for the name on the hot path.
    if (nameLen === 4 && bytes[s] === 0x64 && bytes[s + 1] === 0x61 && bytes[s + 2] === 0x74 && bytes[s + 3] === 0x61) {
      dataLen += e - s;
      if (dataLen > maxEventBytes) return overflow(dataLen);
      data.push(fieldValue(bytes, colon, e));
    } else if (nameLen === 5 && bytes.toString("latin1", s, s + 5) === "event") eventName = fieldValue(bytes, colon, e);
    // `id` and `retry` only matter for reconnection, which a benchmark never does.
  }

  function takeLine(chunk: Buffer, start: number, end: number, t: number): void {
    if (partialLen === 0) return line(chunk, start, end, t);
    partial.push(chunk.subarray(start, end));
    const whole = Buffer.concat(partial, partialLen + end - start);
    partial = [];
    partialLen = 0;
    line(whole, 0, whole.length, t);
  }

  function push(chunk: Buffer, t: number): void {
    if (oversize) return;
    let start = 0;
    if (skipLeadingLF && chunk.length > 0 && chunk[0] === LF) start = 1;
    skipLeadingLF = false;
    if (chunk.indexOf(CR, start) === -1) {
      // Fast path: LF-only framing, as nearly every server sends.
      for (let i = chunk.indexOf(LF, start); i !== -1; i = chunk.indexOf(LF, start)) {
        takeLine(chunk, start, i, t);
        start = i + 1;
      }
    } else {
      for (let i = start; i < chunk.length; i++) {
        const b = chunk[i];
        if (b !== LF && b !== CR) continue;
        takeLine(chunk, start, i, t);
        if (b === CR) {
          if (i + 1 < chunk.length) {
            if (chunk[i + 1] === LF) i++;
          } else skipLeadingLF = true;
        }
        start = i + 1;
      }
    }
    if (oversize) return;
    if (start < chunk.length) {
      if (partialLen + chunk.length - start > maxEventBytes) return overflow(partialLen + chunk.length - start);
      // Copy: the transport may own the chunk's memory.
      partial.push(Buffer.from(chunk.subarray(start)));
      partialLen += chunk.length - start;
    }
  }

  function end(t: number): void {
    if (oversize) return;
    if (partialLen > 0) {
      const whole = Buffer.concat(partial, partialLen);
      partial = [];
      partialLen = 0;
      line(whole, 0, whole.length, t);
    }
    dispatch(t);
  }

  return { push, end };
}
