// Translation Edit Rate as sacreBLEU computes it (a port of Tercom's algorithm: greedy block
// shifts, then a beam-limited edit distance), with its defaults: case-insensitive, no
// normalisation, punctuation kept. Lower is better.

const MAX_SHIFT_SIZE = 10;
const MAX_SHIFT_DIST = 50;
const BEAM_WIDTH = 25;
const MAX_SHIFT_CANDIDATES = 1000;
const INF = 1e16;

type Op = " " | "s" | "i" | "d" | "x";
type Cell = [number, Op];

/** Edit distance of a hypothesis to the reference with its operation trace (Tercom's beam and tie order). */
function editDistance(hyp: string[], ref: string[]): [number, string] {
  const rows: Cell[][] = [Array.from({ length: ref.length + 1 }, (_, j): Cell => [j, "i"])];
  const ratio = hyp.length ? ref.length / hyp.length : 1;
  for (let i = 1; i <= hyp.length; i++) {
    const diag = Math.floor(i * ratio);
    const minJ = Math.max(0, diag - BEAM_WIDTH);
    const maxJ = i === hyp.length ? ref.length + 1 : Math.min(ref.length + 1, diag + BEAM_WIDTH);
    const row: Cell[] = Array.from({ length: ref.length + 1 }, (): Cell => [INF, "x"]);
    const prev = rows[i - 1]!;
    for (let j = minJ; j < maxJ; j++) {
      if (j === 0) {
        row[0] = [prev[0]![0] + 1, "d"];
        continue;
      }
      const same = hyp[i - 1] === ref[j - 1];
      // Sub/no-op first, then deletion, then insertion: the trace is flipped afterwards.
      const ops: Cell[] = [
        [prev[j - 1]![0] + (same ? 0 : 1), same ? " " : "s"],
        [prev[j]![0] + 1, "d"],
        [row[j - 1]![0] + 1, "i"],
      ];
      for (const op of ops) if (row[j]![0] > op[0]) row[j] = op;
    }
    rows.push(row);
  }
  let trace = "";
  let i = hyp.length;
  let j = ref.length;
  while (i > 0 || j > 0) {
    const op = rows[i]![j]![1];
    trace = op + trace;
    if (op === " " || op === "s") {
      i--;
      j--;
    } else if (op === "i") j--;
    else if (op === "d") i--;
    else throw new Error("TER: broken trace");
  }
  return [rows[hyp.length]![ref.length]![0], trace];
}

/** Alignment of reference positions to hypothesis positions, and which words are in error, from a flipped trace. */
function traceToAlignment(trace: string): { align: Map<number, number>; refErr: number[]; hypErr: number[] } {
  let h = -1;
  let r = -1;
  const align = new Map<number, number>();
  const refErr: number[] = [];
  const hypErr: number[] = [];
  for (const op of trace) {
    if (op === " " || op === "s") {
      h++;
      r++;
      align.set(r, h);
      const e = op === "s" ? 1 : 0;
      hypErr.push(e);
      refErr.push(e);
    } else if (op === "i") {
      h++;
      hypErr.push(1);
    } else if (op === "d") {
      r++;
      align.set(r, h);
      refErr.push(1);
    }
  }
  return { align, refErr, hypErr };
}

function* shiftedPairs(h: string[], r: string[]): Generator<[number, number, number]> {
  for (let sh = 0; sh < h.length; sh++) {
    for (let sr = 0; sr < r.length; sr++) {
      if (Math.abs(sr - sh) > MAX_SHIFT_DIST) continue;
      let len = 0;
      while (h[sh + len] === r[sr + len] && len < MAX_SHIFT_SIZE) {
        len++;
        yield [sh, sr, len];
        if (h.length === sh + len || r.length === sr + len) break;
      }
    }
  }
}

function performShift(w: string[], start: number, len: number, target: number): string[] {
  if (target < start)
    return [...w.slice(0, target), ...w.slice(start, start + len), ...w.slice(target, start), ...w.slice(start + len)];
  if (target > start + len)
    return [...w.slice(0, start), ...w.slice(start + len, target), ...w.slice(start, start + len), ...w.slice(target)];
  return [
    ...w.slice(0, start),
    ...w.slice(start + len, len + target),
    ...w.slice(start, start + len),
    ...w.slice(len + target),
  ];
}

/** Tercom's ranking of candidate shifts: gain, then length, then earliest start, then earliest target. */
function better(a: number[], b: number[] | null): boolean {
  if (!b) return true;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return false;
}

function bestShift(h: string[], r: string[], checked: number): { gain: number; words: string[]; checked: number } {
  const [pre, inv] = editDistance(h, r);
  const trace = inv.replace(/[id]/g, (c) => (c === "i" ? "d" : "i"));
  const { align, refErr, hypErr } = traceToAlignment(trace);
  let best: number[] | null = null;
  let bestWords = h;
  const sum = (xs: number[], from: number, len: number): number =>
    xs.slice(from, from + len).reduce((a, b) => a + b, 0);
  for (const [sh, sr, len] of shiftedPairs(h, r)) {
    if (sum(hypErr, sh, len) === 0 || sum(refErr, sr, len) === 0) continue;
    const at = align.get(sr);
    if (at !== undefined && sh <= at && at < sh + len) continue;
    let prevIdx = -1;
    for (let offset = -1; offset < len; offset++) {
      let idx: number;
      if (sr + offset === -1) idx = 0;
      else if (align.has(sr + offset)) idx = align.get(sr + offset)! + 1;
      else break;
      if (idx === prevIdx) continue;
      prevIdx = idx;
      const shifted = performShift(h, sh, len, idx);
      const cand = [pre - editDistance(shifted, r)[0], len, -sh, -idx];
      checked++;
      if (better(cand, best)) {
        best = cand;
        bestWords = shifted;
      }
    }
    if (checked >= MAX_SHIFT_CANDIDATES) break;
  }
  return { gain: best ? best[0]! : 0, words: bestWords, checked };
}

/** Edits (shifts + edit distance after shifting) turning `hyp` into `ref`, and the reference length. */
export function translationEdits(hyp: string[], ref: string[]): { edits: number; refLen: number } {
  if (ref.length === 0) return { edits: hyp.length, refLen: 0 };
  let words = hyp;
  let shifts = 0;
  let checked = 0;
  for (;;) {
    const s = bestShift(words, ref, checked);
    checked = s.checked;
    if (checked >= MAX_SHIFT_CANDIDATES || s.gain <= 0) break;
    shifts++;
    words = s.words;
  }
  return { edits: shifts + editDistance(words, ref)[0], refLen: ref.length };
}

/** sacreBLEU's default TER tokenization: lowercase, whitespace-normalised. */
function terWords(s: string): string[] {
  return s.toLowerCase().split(/\s+/).filter(Boolean);
}

/** One segment's statistics: fewest edits over the references, and the average reference length. */
export function terStats(hyp: string, refs: readonly string[]): [number, number] {
  const h = terWords(hyp);
  let best = INF;
  let lens = 0;
  for (const ref of refs) {
    const { edits, refLen } = translationEdits(h, terWords(ref));
    lens += refLen;
    best = Math.min(best, edits);
  }
  return [best, lens / refs.length];
}

/** TER (0–100, lower is better) from summed [edits, reference length]. */
export function terFromStats([edits, refLen]: readonly number[]): number {
  if (refLen! > 0) return (100 * edits!) / refLen!;
  return edits! > 0 ? 100 : 0;
}

/** Corpus TER: total edits over total average reference length. `refStreams` as in corpusBleu. */
export function corpusTer(hyps: readonly string[], refStreams: readonly (readonly string[])[]): number {
  let edits = 0;
  let len = 0;
  hyps.forEach((h, i) => {
    const [e, l] = terStats(
      h,
      refStreams.map((s) => s[i]!),
    );
    edits += e;
    len += l;
  });
  return terFromStats([edits, len]);
}
