import { tokenizeBleu, type BleuTokenizer } from "./sacrebleu-tokenizers.js";

/** BLEU settings, with sacreBLEU's defaults. */
export interface BleuOptions {
  tokenize: BleuTokenizer;
  lowercase: boolean;
  smoothMethod: "exp" | "floor" | "add-k" | "none";
  /** floor: 0.1, add-k: 1 when null. */
  smoothValue: number | null;
  maxNgramOrder: number;
  /** Use only the n-gram orders the hypothesis has (sentence BLEU's default). */
  effectiveOrder: boolean;
}

export const BLEU_DEFAULTS: BleuOptions = {
  tokenize: "13a",
  lowercase: false,
  smoothMethod: "exp",
  smoothValue: null,
  maxNgramOrder: 4,
  effectiveOrder: false,
};

/** Sufficient statistics of one or more segments: matches and totals per order, and lengths. */
export interface BleuStats {
  correct: number[];
  total: number[];
  sysLen: number;
  refLen: number;
}

function ngrams(tokens: string[], maxOrder: number): Array<Map<string, number>> {
  const out: Array<Map<string, number>> = [];
  // Each order's keys extend the previous order's: key(n, i) = key(n−1, i) + sep + token(i+n−1).
  let keys = tokens.slice();
  for (let n = 1; n <= maxOrder; n++) {
    if (n > 1) keys = keys.slice(0, tokens.length - n + 1).map((k, i) => `${k}\u0001${tokens[i + n - 1]!}`);
    const m = new Map<string, number>();
    for (const g of keys) m.set(g, (m.get(g) ?? 0) + 1);
    out.push(m);
  }
  return out;
}

function prep(s: string, o: BleuOptions): string[] {
  const t = tokenizeBleu((o.lowercase ? s.toLowerCase() : s).trimEnd(), o.tokenize);
  return t.split(/\s+/).filter(Boolean);
}

/**
 * Statistics of one hypothesis against its references: clipped n-gram matches (each n-gram
 * counted at most as often as in the reference that has it most) and the closest reference
 * length (ties to the shorter), as sacreBLEU computes them.
 */
export function bleuStats(hyp: string, refs: readonly string[], opts: Partial<BleuOptions> = {}): BleuStats {
  const o = { ...BLEU_DEFAULTS, ...opts };
  const h = prep(hyp, o);
  const hg = ngrams(h, o.maxNgramOrder);
  const maxRef: Array<Map<string, number>> = hg.map(() => new Map<string, number>());
  let refLen = -1;
  let closest = -1;
  for (const ref of refs) {
    const r = prep(ref, o);
    const diff = Math.abs(h.length - r.length);
    if (closest === -1 || diff < closest) [closest, refLen] = [diff, r.length];
    else if (diff === closest && r.length < refLen) refLen = r.length;
    ngrams(r, o.maxNgramOrder).forEach((m, n) => {
      for (const [g, c] of m) if (c > (maxRef[n]!.get(g) ?? 0)) maxRef[n]!.set(g, c);
    });
  }
  const correct = hg.map((m, n) => [...m].reduce((a, [g, c]) => a + Math.min(c, maxRef[n]!.get(g) ?? 0), 0));
  const total = hg.map((m) => [...m.values()].reduce((a, b) => a + b, 0));
  return { correct, total, sysLen: h.length, refLen: Math.max(refLen, 0) };
}

/** Adds up statistics of several segments (corpus BLEU). */
export function sumBleuStats(all: readonly BleuStats[], maxOrder = 4): BleuStats {
  const s: BleuStats = {
    correct: new Array<number>(maxOrder).fill(0),
    total: new Array<number>(maxOrder).fill(0),
    sysLen: 0,
    refLen: 0,
  };
  for (const x of all) {
    x.correct.forEach((c, i) => (s.correct[i]! += c));
    x.total.forEach((t, i) => (s.total[i]! += t));
    s.sysLen += x.sysLen;
    s.refLen += x.refLen;
  }
  return s;
}

/** BLEU (0–100) from statistics, with sacreBLEU's smoothing, effective order and brevity penalty. */
export function bleuFromStats(stats: BleuStats, opts: Partial<BleuOptions> = {}): number {
  const o = { ...BLEU_DEFAULTS, ...opts };
  const correct = [...stats.correct];
  const total = [...stats.total];
  const smooth = o.smoothValue ?? (o.smoothMethod === "floor" ? 0.1 : 1);
  // No match at any order: 0 (sacreBLEU #141).
  if (!correct.some((c) => c > 0)) return 0;
  const precisions = new Array<number>(o.maxNgramOrder).fill(0);
  let smoothMteval = 1;
  let effOrder = o.maxNgramOrder;
  for (let n = 1; n <= o.maxNgramOrder; n++) {
    if (o.smoothMethod === "add-k" && n > 1) {
      correct[n - 1]! += smooth;
      total[n - 1]! += smooth;
    }
    if (total[n - 1] === 0) break;
    if (o.effectiveOrder) effOrder = n;
    if (correct[n - 1] === 0) {
      if (o.smoothMethod === "exp") {
        smoothMteval *= 2;
        precisions[n - 1] = 100 / (smoothMteval * total[n - 1]!);
      } else if (o.smoothMethod === "floor") {
        precisions[n - 1] = (100 * smooth) / total[n - 1]!;
      }
    } else {
      precisions[n - 1] = (100 * correct[n - 1]!) / total[n - 1]!;
    }
  }
  const bp = stats.sysLen > stats.refLen ? 1 : stats.sysLen > 0 ? Math.exp(1 - stats.refLen / stats.sysLen) : 0;
  const logs = precisions.slice(0, effOrder).map((p) => (p === 0 ? -9999999999 : Math.log(p)));
  return bp * Math.exp(logs.reduce((a, b) => a + b, 0) / effOrder);
}

/** Corpus BLEU: `refStreams` are reference streams, each parallel to `hyps` (sacreBLEU's shape). */
export function corpusBleu(
  hyps: readonly string[],
  refStreams: readonly (readonly string[])[],
  opts: Partial<BleuOptions> = {},
): number {
  const o = { ...BLEU_DEFAULTS, ...opts };
  const stats = hyps.map((h, i) =>
    bleuStats(
      h,
      refStreams.map((s) => s[i]!),
      o,
    ),
  );
  return bleuFromStats(sumBleuStats(stats, o.maxNgramOrder), o);
}

/** Sentence BLEU: effective order on by default, as in sacreBLEU's sentence_bleu. */
export function sentenceBleu(hyp: string, refs: readonly string[], opts: Partial<BleuOptions> = {}): number {
  const o = { ...BLEU_DEFAULTS, effectiveOrder: true, ...opts };
  return bleuFromStats(bleuStats(hyp, refs, o), o);
}
