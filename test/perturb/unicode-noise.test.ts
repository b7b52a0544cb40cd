import { describe, expect, it } from "vitest";
import { createRng } from "../../src/stats/rng.js";
import { combining, homoglyph, nbsp, unicodeMix, zeroWidth } from "../../src/perturb/unicode-noise.js";
import { COMBINING_MARKS, HOMOGLYPHS, ZERO_WIDTH } from "../../src/perturb/homoglyphs.js";

// createRng(1) draws .6271 .0027 .5274 .9811 .9684 … (checked in text-noise.test.ts).

/** Undoes every unicode perturbation: drops zero-width and combining characters, maps look-alikes back, no-break spaces to spaces. */
function clean(s: string): string {
  const back = new Map(Object.entries(HOMOGLYPHS).map(([latin, alike]) => [alike, latin]));
  return [...s]
    .filter((c) => !ZERO_WIDTH.includes(c) && !COMBINING_MARKS.includes(c))
    .map((c) => (c === "\u00a0" ? " " : (back.get(c) ?? c)))
    .join("");
}

describe("unicode noise", () => {
  it("zero-width: after a letter followed by a letter", () => {
    // Eligible: a (before b) .6271 no; c (before d) .0027 yes, ⌊.5274·4⌋ = 2 → U+200D.
    expect(zeroWidth("ab cd", 0.5, createRng(1))).toBe("ab c\u200dd");
  });

  it("homoglyph: one draw per letter with a look-alike", () => {
    // H .6271 no; o .0027 → Cyrillic о; p .5274 no; e .9811 no.
    expect(homoglyph("Hope", 0.5, createRng(1))).toBe("H\u043epe");
  });

  it("combining: a mark after a letter", () => {
    // a .6271 no; b .0027 yes, ⌊.5274·5⌋ = 2 → U+0308.
    expect(combining("ab", 0.5, createRng(1))).toBe("ab\u0308");
  });

  it("nbsp: a space becomes U+00A0", () => {
    // first space .6271 no; second .0027 yes.
    expect(nbsp("a b c", 0.5, createRng(1))).toBe("a b\u00a0c");
  });

  it("unicode mix: homoglyph 0.1, zero-width 0.05, combining 0.03, nbsp 0.2 in order", () => {
    // "ab": homoglyph — a has one, .6271 ≥ .1 no (b has none); zero-width — a before b, .0027 < .05,
    // ⌊.5274·4⌋ = 2 → U+200D; combining — a .9811, b .9684, both ≥ .03; no spaces.
    expect(unicodeMix("ab", createRng(1))).toBe("a\u200db");
  });

  it("every one is undone by removing what it adds, and never touches digits or code", () => {
    const text = "Solve 12 + 30 = ? in `x1 = 42` and write it as forty two";
    for (const f of [zeroWidth, homoglyph, combining, nbsp]) {
      const out = f(text, 1, createRng(5));
      expect(out).not.toBe(text);
      expect(clean(out)).toBe(text);
      expect(out.match(/\d+/g)).toEqual(text.match(/\d+/g));
      expect(out).toContain("`x1 = 42`");
    }
    const mixed = unicodeMix(text, createRng(5));
    expect(clean(mixed)).toBe(text);
  });
});
