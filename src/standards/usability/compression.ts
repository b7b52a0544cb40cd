import { gzipSync } from "node:zlib";
import { measured, notApplicable, type Measure } from "./measure.js";

export type CompressionResult = Measure & { rawBytes: number; gzipBytes: number };

/**
 * Compression ratio: UTF-8 bytes of the text / bytes of its gzip (node:zlib `gzipSync`, default
 * level 6, the 18-byte gzip header and trailer included). Repetitive text compresses well and scores
 * high; short texts score below 1 because of the fixed overhead, so compare runs of similar length.
 * Over several responses, they are joined with "\n" first, so repetition across responses counts.
 * `n` is the raw byte count; an empty text is n/a.
 */
export function compressionRatio(texts: string | readonly string[]): CompressionResult {
  const joined = typeof texts === "string" ? texts : texts.join("\n");
  const raw = Buffer.from(joined, "utf8");
  if (raw.length === 0) return { ...notApplicable(0, "empty text"), rawBytes: 0, gzipBytes: 0 };
  const gz = gzipSync(raw).length;
  return { ...measured(raw.length / gz, raw.length), rawBytes: raw.length, gzipBytes: gz };
}
