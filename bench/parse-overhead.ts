// CPU per streamed event of infermark's client-side work, with no network: the part of
// `client-overhead.ts`'s CPU ratio that is infermark's own code, measured without that bench's
// run-to-run spread (its bare client's CPU per token varies 1.5–2× between rounds on 2 cores).
// Run with `npm run build && node dist/bench/parse-overhead.js`.
//
// The same bytes — 128 streams of 256 chat-completion chunks as `infermark mock-server` sends
// them, one network read per event — go through three consumers, rounds interleaved, median of 7:
// - the bare client of client-overhead.ts: decode the read, count `"content":" tok` by string search;
// - a bare client that reads the JSON, as any client that finds a first *content* token must
//   (split events, strip `data: `, JSON.parse, read choices[0].delta.content);
// - infermark: its SSE parser, `readChunk` and the record builder, as the HTTP target wires them
//   per event, then per stream the record built and serialised as its records.jsonl line.
import { RecordBuilder } from "../src/records/build.js";
import { createRedactor } from "../src/records/redact.js";
import { readChunk } from "../src/targets/openai-chunk.js";
import { createSseParser } from "../src/targets/sse.js";

const STREAMS = 128;
const EVENTS = 256;
const ROUNDS = 7;

const chunk = (s: number, content: string, finish: string | null): Buffer =>
  Buffer.from(
    `data: ${JSON.stringify({
      id: `cmpl-${s}`,
      object: "chat.completion.chunk",
      created: 1796282597,
      model: "mock-model",
      choices: [{ index: 0, delta: { content }, finish_reason: finish }],
    })}\n\n`,
  );
const reads: Buffer[][] = Array.from({ length: STREAMS }, (_, s) => [
  chunk(s, "", null),
  ...Array.from({ length: EVENTS }, (_, i) => chunk(s, " tok", i === EVENTS - 1 ? "length" : null)),
  Buffer.from("data: [DONE]\n\n"),
]);

function bareSearch(): number {
  let tokens = 0;
  for (const stream of reads)
    for (const read of stream) {
      performance.now();
      tokens += read.toString("utf8").split('"content":" tok').length - 1;
    }
  return tokens;
}

function bareJson(): number {
  let tokens = 0;
  for (const stream of reads)
    for (const read of stream) {
      performance.now();
      for (const event of read.toString("utf8").split("\n\n")) {
        if (!event.startsWith("data: ") || event === "data: [DONE]") continue;
        const parsed = JSON.parse(event.slice(6)) as { choices?: Array<{ delta?: { content?: string } }> };
        if (parsed.choices?.[0]?.delta?.content) tokens++;
      }
    }
  return tokens;
}

const redactor = createRedactor([]);
const load = { mode: "concurrency" as const, value: STREAMS };

function infermark(): number {
  let tokens = 0;
  let bytes = 0;
  for (let s = 0; s < STREAMS; s++) {
    const b = new RecordBuilder({
      id: s,
      level: 0,
      load,
      phase: "measure",
      item: s,
      t0: 0,
      tIntended: 0,
      tReleased: 0,
      inputTokensHint: null,
    });
    b.emit({ type: "sent", t: performance.now(), api: "chat", body: { model: "mock-model", stream: true } });
    const parser = createSseParser((ev) => {
      const r = readChunk(ev.data, ev.event);
      if (r.kind !== "chunk") return;
      if (r.content || r.reasoning) {
        b.emit({ type: "token", t: ev.t, content: r.content, reasoning: r.reasoning, tokens: null });
        tokens++;
      }
      if (r.finishReason) b.emit({ type: "finish", reason: r.finishReason });
    });
    for (const read of reads[s] ?? []) parser.push(read, performance.now());
    b.emit({ type: "end", t: performance.now() });
    bytes += redactor.json(b.build()).length;
  }
  // The serialised bytes feed the result so the JIT cannot drop the serialisation as unused.
  return tokens + (bytes > 0 ? 0 : Number.NaN);
}

const consumers: Array<[string, () => number]> = [
  ["bare: string search", bareSearch],
  ["bare: JSON per event", bareJson],
  ["infermark: SSE, readChunk, record", infermark],
];
const times = new Map<string, number[]>(consumers.map(([name]) => [name, []]));
for (const [, f] of consumers) f(); // JIT warm-up
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, f] of consumers) {
    const t = performance.now();
    const n = f();
    const dt = performance.now() - t;
    if (n !== STREAMS * EVENTS) throw new Error(`${name} counted ${n} tokens, not ${STREAMS * EVENTS}`);
    times.get(name)?.push((dt * 1000) / (STREAMS * EVENTS));
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const med = new Map([...times].map(([name, xs]) => [name, median(xs)]));
const search = med.get("bare: string search") ?? Number.NaN;
const json = med.get("bare: JSON per event") ?? Number.NaN;
console.log(`parse overhead: ${STREAMS} streams × ${EVENTS} events, one read per event, median of ${ROUNDS} rounds`);
console.log("| consumer | µs per event | / string search | / JSON per event |");
console.log("|---|---|---|---|");
for (const [name, us] of med)
  console.log(`| ${name} | ${us.toFixed(3)} | ${(us / search).toFixed(2)} | ${(us / json).toFixed(2)} |`);
console.log(JSON.stringify({ bench: "parse-overhead", us_per_event: Object.fromEntries(med) }));
