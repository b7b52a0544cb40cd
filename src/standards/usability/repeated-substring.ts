import { codePoints, fromCodePoints } from "./tokens.js";
import { measured, notApplicable, type Measure } from "./measure.js";

export interface RepeatedSubstring {
  /** Length in code points of the longest substring that occurs at least twice (occurrences may overlap). */
  length: number;
  /** That substring (one of them when several are equally long); "" when nothing repeats. */
  text: string;
  /** Length of the whole response in code points. */
  total: number;
}

/**
 * Longest repeated substring over code points, in O(n) states with a suffix automaton: every state
 * is a class of substrings sharing their end positions; a state whose class ends at ≥ 2 positions
 * holds substrings that occur at least twice, and its `len` is the longest of them.
 */
export function longestRepeatedSubstring(text: string): RepeatedSubstring {
  const s = codePoints(text);
  const len: number[] = [0];
  const link: number[] = [-1];
  const firstEnd: number[] = [-1];
  const isClone: boolean[] = [false];
  const next: Map<number, number>[] = [new Map<number, number>()];
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? 0;
    const cur = len.length;
    len.push((len[last] ?? 0) + 1);
    link.push(-1);
    firstEnd.push(i);
    isClone.push(false);
    next.push(new Map<number, number>());
    let p = last;
    while (p !== -1 && !(next[p]?.has(c) ?? false)) {
      next[p]?.set(c, cur);
      p = link[p] ?? -1;
    }
    if (p === -1) {
      link[cur] = 0;
    } else {
      const q = next[p]?.get(c) ?? 0;
      if ((len[p] ?? 0) + 1 === len[q]) {
        link[cur] = q;
      } else {
        const clone = len.length;
        len.push((len[p] ?? 0) + 1);
        link.push(link[q] ?? -1);
        firstEnd.push(firstEnd[q] ?? -1);
        isClone.push(true);
        next.push(new Map(next[q]));
        while (p !== -1 && next[p]?.get(c) === q) {
          next[p]?.set(c, clone);
          p = link[p] ?? -1;
        }
        link[q] = clone;
        link[cur] = clone;
      }
    }
    last = cur;
  }
  // Occurrence counts flow from longer states to their suffix links; counting sort by len gives the order.
  const states = len.length;
  const byLen: number[][] = Array.from({ length: s.length + 1 }, () => []);
  for (let v = 0; v < states; v++) byLen[len[v] ?? 0]?.push(v);
  const occ: number[] = isClone.map((clone, v) => (clone || v === 0 ? 0 : 1));
  let best = 0;
  let bestEnd = -1;
  for (let l = s.length; l >= 1; l--) {
    for (const v of byLen[l] ?? []) {
      const o = occ[v] ?? 0;
      if (o >= 2 && l > best) {
        best = l;
        bestEnd = firstEnd[v] ?? -1;
      }
      const up = link[v] ?? -1;
      if (up > 0) occ[up] = (occ[up] ?? 0) + o;
    }
  }
  const sub = bestEnd < 0 ? "" : fromCodePoints(s.slice(bestEnd - best + 1, bestEnd + 1));
  return { length: best, text: sub, total: s.length };
}

/** Longest repeated substring share: its length / the response's length (code points); n/a for an empty response. */
export function repeatedSubstringShare(text: string): Measure {
  const r = longestRepeatedSubstring(text);
  if (r.total === 0) return notApplicable(0, "empty response");
  return measured(r.length / r.total, r.total);
}
