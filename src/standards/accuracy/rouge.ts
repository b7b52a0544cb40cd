import { stemmer } from "stemmer";

/** ROUGE variants of google-research `rouge_score`. */
export type RougeType = "rouge1" | "rouge2" | "rougeL" | "rougeLsum";

/** Precision, recall and F-measure (0–1). */
export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

/** rouge_score's default tokenizer: lowercase, non-[a-z0-9] to spaces, Porter stem of tokens longer than 3 when asked. */
export function rougeTokens(text: string, useStemmer: boolean): string[] {
  const tokens = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .split(/\s+/)
    .filter(Boolean);
  return useStemmer ? tokens.map((t) => (t.length > 3 ? stemmer(t) : t)) : tokens;
}

function fmeasure(precision: number, recall: number): RougeScore {
  return { precision, recall, fmeasure: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}

function ngramCounts(tokens: string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const g = tokens.slice(i, i + n).join(" ");
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

function ngramScore(target: string[], prediction: string[], n: number): RougeScore {
  const t = ngramCounts(target, n);
  const p = ngramCounts(prediction, n);
  let overlap = 0;
  for (const [g, c] of t) overlap += Math.min(c, p.get(g) ?? 0);
  const tc = [...t.values()].reduce((a, b) => a + b, 0);
  const pc = [...p.values()].reduce((a, b) => a + b, 0);
  return fmeasure(overlap / Math.max(pc, 1), overlap / Math.max(tc, 1));
}

/** LCS dynamic-programming table of two token lists. */
function lcsTable(ref: string[], can: string[]): number[][] {
  const t = Array.from({ length: ref.length + 1 }, () => new Array<number>(can.length + 1).fill(0));
  for (let i = 1; i <= ref.length; i++) {
    for (let j = 1; j <= can.length; j++)
      t[i]![j] = ref[i - 1] === can[j - 1] ? t[i - 1]![j - 1]! + 1 : Math.max(t[i - 1]![j]!, t[i]![j - 1]!);
  }
  return t;
}

/** Indices into `ref` of one longest common subsequence (rouge_score's backtrack). */
function lcsIndices(ref: string[], can: string[]): number[] {
  const t = lcsTable(ref, can);
  const out: number[] = [];
  let i = ref.length;
  let j = can.length;
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      out.unshift(i - 1);
      i--;
      j--;
    } else if (t[i]![j - 1]! > t[i - 1]![j]!) j--;
    else i--;
  }
  return out;
}

function lcsScore(target: string[], prediction: string[]): RougeScore {
  if (target.length === 0 || prediction.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const lcs = lcsTable(target, prediction)[target.length]![prediction.length]!;
  return fmeasure(lcs / prediction.length, lcs / target.length);
}

/** Summary-level LCS (Lin 2004 §3.2): union LCS of each reference sentence with every candidate sentence, hits clipped by token counts. */
function lcsSumScore(targetSents: string[][], predSents: string[][]): RougeScore {
  const m = targetSents.reduce((a, s) => a + s.length, 0);
  const n = predSents.reduce((a, s) => a + s.length, 0);
  if (m === 0 || n === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const tCounts = new Map<string, number>();
  const pCounts = new Map<string, number>();
  for (const s of targetSents) for (const w of s) tCounts.set(w, (tCounts.get(w) ?? 0) + 1);
  for (const s of predSents) for (const w of s) pCounts.set(w, (pCounts.get(w) ?? 0) + 1);
  let hits = 0;
  for (const ref of targetSents) {
    const union = new Set<number>();
    for (const can of predSents) for (const i of lcsIndices(ref, can)) union.add(i);
    for (const i of [...union].sort((a, b) => a - b)) {
      const w = ref[i]!;
      if ((tCounts.get(w) ?? 0) > 0 && (pCounts.get(w) ?? 0) > 0) {
        hits++;
        tCounts.set(w, tCounts.get(w)! - 1);
        pCounts.set(w, pCounts.get(w)! - 1);
      }
    }
  }
  return fmeasure(hits / n, hits / m);
}

/** One ROUGE score, called like rouge_score: reference (target) first, then the prediction. */
export function rouge(type: RougeType, target: string, prediction: string, useStemmer = false): RougeScore {
  if (type === "rougeLsum") {
    const sents = (s: string): string[][] =>
      s
        .split("\n")
        .map((x) => rougeTokens(x, useStemmer))
        .filter((x) => x.length > 0);
    return lcsSumScore(sents(target), sents(prediction));
  }
  const t = rougeTokens(target, useStemmer);
  const p = rougeTokens(prediction, useStemmer);
  if (type === "rougeL") return lcsScore(t, p);
  return ngramScore(t, p, type === "rouge1" ? 1 : 2);
}
