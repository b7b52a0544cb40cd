import type { Phase } from "../records/record.js";

/** A stretch of a level: a number of requests, or a number of seconds. */
export type Span = { requests: number } | { seconds: number };

/** How long each part of a level lasts. */
export interface LevelSpans {
  warmup: Span;
  measure: Span;
  cooldown: Span;
}

const ORDER: Phase[] = ["warmup", "measure", "cooldown"];

/** True when a span is given in seconds. */
export function isTimed(s: Span): s is { seconds: number } {
  return "seconds" in s;
}

/**
 * Decides the phase of each request of a level, in send order, from its (intended) send time in
 * ms since the level start. A phase ends when it holds its number of requests or its seconds
 * have passed since its first request; `null` means the level is over. Stateful: call once per request.
 */
export function createPhaser(spans: LevelSpans): (t: number) => Phase | null {
  let index = 0;
  let count = 0;
  let start: number | null = null;
  return (t) => {
    while (index < ORDER.length) {
      const phase = ORDER[index]!;
      const span = spans[phase];
      start ??= t;
      const done = isTimed(span) ? t >= start + span.seconds * 1000 : count >= span.requests;
      if (!done) {
        count++;
        return phase;
      }
      index++;
      count = 0;
      start = null;
    }
    return null;
  };
}
