/** chrF settings, with sacreBLEU's defaults (chrF2; chrF++ is wordOrder 2). */
export interface ChrfOptions {
  charOrder: number;
  wordOrder: number;
  beta: number;
  lowercase: boolean;
  /** Keep whitespace inside character n-grams. */
  whitespace: boolean;
  /** sacreBLEU ≥ 2.0 scoring (eps for missing orders); false gives the older effective-order average. */
  epsSmoothing: boolean;
}

export const CHRF_DEFAULTS: ChrfOptions = {
  charOrder: 6,
  wordOrder: 0,
  beta: 2,
  lowercase: false,
  whitespace: false,
  epsSmoothing: false,
};

const PUNCT = new Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");

function counts(items: Iterable<string>): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of items) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

/** Counts of the n-grams of `units` (characters or words) for n = 1..order, joined with `sep`. */
function ngramCounts(units: string[], order: number, sep: string): Array<Map<string, number>> {
  const out: Array<Map<string, number>> = [];
  for (let n = 1; n <= order; n++) {
    const grams: string[] = [];
    for (let i = 0; i + n <= units.length; i++) grams.push(units.slice(i, i + n).join(sep));
    out.push(counts(grams));
  }
  return out;
}

/** Words with one leading or trailing punctuation mark split off (sacreBLEU's chrF++ rule). */
function words(s: string): string[] {
  const out: string[] = [];
  for (const w of s.split(/\s+/).filter(Boolean)) {
    if ([...w].length === 1) out.push(w);
    else if (PUNCT.has(w.at(-1)!)) out.push(w.slice(0, -1), w.at(-1)!);
    else if (PUNCT.has(w[0]!)) out.push(w[0]!, w.slice(1));
    else out.push(w);
  }
  return out;
}

function allNgrams(s: string, o: ChrfOptions): Array<Map<string, number>> {
  const t = o.lowercase ? s.toLowerCase() : s;
  const chars = [...(o.whitespace ? t : t.split(/\s+/).join(""))];
  return [...ngramCounts(chars, o.charOrder, ""), ...ngramCounts(words(t), o.wordOrder, " ")];
}

/** [hyp n-grams, ref n-grams, matches] per order, flattened (sacreBLEU's `_get_match_statistics`). */
function matchStats(hyp: Array<Map<string, number>>, ref: Array<Map<string, number>>): number[] {
  const stats: number[] = [];
  hyp.forEach((h, i) => {
    const r = ref[i]!;
    let nh = 0;
    let nm = 0;
    for (const [g, c] of h) {
      nh += c;
      const rc = r.get(g);
      if (rc !== undefined) nm += Math.min(c, rc);
    }
    // sacreBLEU counts no hypothesis n-grams of an order the reference has none of (a reference
    // shorter than the order): they would lower the corpus precision of every other segment.
    stats.push(
      r.size > 0 ? nh : 0,
      [...r.values()].reduce((a, b) => a + b, 0),
      nm,
    );
  });
  return stats;
}

/** chrF (0–100) from summed statistics. */
export function chrfFromStats(stats: readonly number[], opts: Partial<ChrfOptions> = {}): number {
  const o = { ...CHRF_DEFAULTS, ...opts };
  const eps = 1e-16;
  const order = o.charOrder + o.wordOrder;
  const factor = o.beta ** 2;
  let score = 0;
  let avgPrec = 0;
  let avgRec = 0;
  let effective = 0;
  for (let i = 0; i < order; i++) {
    const [nHyp, nRef, nMatch] = [stats[3 * i]!, stats[3 * i + 1]!, stats[3 * i + 2]!];
    const prec = nHyp > 0 ? nMatch / nHyp : eps;
    const rec = nRef > 0 ? nMatch / nRef : eps;
    const denom = factor * prec + rec;
    score += denom > 0 ? ((1 + factor) * prec * rec) / denom : eps;
    if (nHyp > 0 && nRef > 0) {
      avgPrec += prec;
      avgRec += rec;
      effective++;
    }
  }
  if (o.epsSmoothing) return (100 * score) / order;
  if (effective === 0) return 0;
  avgPrec /= effective;
  avgRec /= effective;
  if (avgPrec + avgRec === 0) return 0;
  return (100 * ((1 + factor) * avgPrec * avgRec)) / (factor * avgPrec + avgRec);
}

/** Statistics of one hypothesis: those of the reference that gives it the best chrF. */
export function chrfStats(hyp: string, refs: readonly string[], opts: Partial<ChrfOptions> = {}): number[] {
  const o = { ...CHRF_DEFAULTS, ...opts };
  const h = allNgrams(hyp, o);
  let best: number[] | null = null;
  let bestF = -1;
  for (const ref of refs) {
    const stats = matchStats(h, allNgrams(ref, o));
    const f = chrfFromStats(stats, o);
    if (f > bestF) [bestF, best] = [f, stats];
  }
  return best ?? new Array<number>(3 * (o.charOrder + o.wordOrder)).fill(0);
}

/** Corpus chrF: statistics summed over segments, then one score. `refStreams` as in corpusBleu. */
export function corpusChrf(
  hyps: readonly string[],
  refStreams: readonly (readonly string[])[],
  opts: Partial<ChrfOptions> = {},
): number {
  const o = { ...CHRF_DEFAULTS, ...opts };
  const sum = new Array<number>(3 * (o.charOrder + o.wordOrder)).fill(0);
  hyps.forEach((h, i) =>
    chrfStats(
      h,
      refStreams.map((s) => s[i]!),
      o,
    ).forEach((v, j) => (sum[j]! += v)),
  );
  return chrfFromStats(sum, o);
}

/** Sentence chrF. */
export function sentenceChrf(hyp: string, refs: readonly string[], opts: Partial<ChrfOptions> = {}): number {
  return chrfFromStats(chrfStats(hyp, refs, opts), opts);
}
