import type { Rng } from "../stats/rng.js";
import { CONTRACTIONS, EXPANSIONS } from "./contractions.js";
import { matchCase, pick } from "./draw.js";
import { QWERTY_NEIGHBOURS } from "./keyboard.js";
import { MISSPELLINGS } from "./misspellings.js";
import { FILLERS } from "./phrases.js";
import { mapFree, type Place } from "./protect.js";

// Every function here rewrites only the free parts of a text (see protect.ts): digits, code and
// placeholders come through unchanged. Each draws from `rng` in text order, one draw per
// eligible unit whether or not it changes, so a change to P moves no other draw.

const WORD = /[A-Za-z]+(?:['\u2019][A-Za-z]+)*/g;

/** Each ASCII letter, with probability p, becomes a neighbouring QWERTY key (case kept). Draws: one per letter, plus one for the key when it changes. */
export function typo(text: string, p: number, rng: Rng): string {
  return mapFree(text, (free) =>
    free.replace(/[A-Za-z]/g, (c) => {
      if (rng() >= p) return c;
      const lower = c.toLowerCase();
      const next = pick([...(QWERTY_NEIGHBOURS[lower] ?? lower)], rng);
      return c === lower ? next : next.toUpperCase();
    }),
  );
}

/** Each word in the misspelling list, with probability p, becomes its misspelling (case kept). Draws: one per listed word. */
export function misspelling(text: string, p: number, rng: Rng): string {
  return mapFree(text, (free) =>
    free.replace(WORD, (w) => {
      const key = w.toLowerCase();
      if (!Object.hasOwn(MISSPELLINGS, key)) return w;
      const wrong = MISSPELLINGS[key];
      return wrong !== undefined && rng() < p ? matchCase(w, wrong) : w;
    }),
  );
}

const KEEP_WORDS = { numberWords: false } as const;

export function lowercase(text: string): string {
  return mapFree(text, (free) => free.toLowerCase(), KEEP_WORDS);
}

export function uppercase(text: string): string {
  return mapFree(text, (free) => free.toUpperCase(), KEEP_WORDS);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** One alternation of the table's keys, longest first so "is not" is never cut short by a shorter key. */
function tableRegex(keys: readonly string[]): RegExp {
  const alts = [...keys].sort((a, b) => b.length - a.length).map((k) => escape(k).replace(/'/g, "['\u2019]"));
  return new RegExp(`\\b(?:${alts.join("|")})\\b`, "gi");
}

function replaceFromTable(text: string, table: Readonly<Record<string, string>>, re: RegExp): string {
  return mapFree(
    text,
    (free) =>
      free.replace(re, (m) => {
        const to = table[m.toLowerCase().replace(/\u2019/g, "'")];
        return to === undefined ? m : matchCase(m, to);
      }),
    KEEP_WORDS,
  );
}

const CONTRACT = tableRegex(Object.keys(EXPANSIONS));
const EXPAND = tableRegex(Object.keys(CONTRACTIONS));

/** Every expansion in the table becomes its contraction ("do not" → "don't"). No draws. */
export function contraction(text: string): string {
  return replaceFromTable(text, EXPANSIONS, CONTRACT);
}

/** Every contraction in the table becomes its expansion ("don't" → "do not"). No draws. */
export function expansion(text: string): string {
  return replaceFromTable(text, CONTRACTIONS, EXPAND);
}

/** Rewrites each run of spaces that lies between two non-space characters; runs at the very start or end of the text stay. */
function mapGaps(text: string, f: (run: string) => string): string {
  return mapFree(
    text,
    (free, place: Place) =>
      free.replace(/ +/g, (run: string, at: number) => {
        if ((place.first && at === 0) || (place.last && at + run.length === free.length)) return run;
        return f(run);
      }),
    KEEP_WORDS,
  );
}

/** Each run of spaces between words becomes 1..max spaces, uniformly (HELM's SpacePerturbation). Draws: one per run. */
export function space(text: string, max: number, rng: Rng): string {
  return mapGaps(text, () => " ".repeat(1 + Math.floor(rng() * max)));
}

/** At each run of spaces between words, with probability p, a filler from FILLERS is inserted after the run. Draws: one per run, plus one for the filler when inserted. */
export function filler(text: string, p: number, rng: Rng): string {
  return mapGaps(text, (run) => (rng() < p ? `${run}${pick(FILLERS, rng)} ` : run));
}

/**
 * HELM's canonical `mild_mix` (helm/benchmark/augmentations/mild_mix_perturbation.py), in its order:
 * lowercase, contractions, misspellings with p = 0.1, then 1..3 spaces between words.
 */
export function mildMix(text: string, rng: Rng): string {
  return space(misspelling(contraction(lowercase(text)), 0.1, rng), 3, rng);
}
