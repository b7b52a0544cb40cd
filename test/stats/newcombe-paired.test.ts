import { describe, expect, it } from "vitest";
import { newcombePaired } from "../../src/stats/newcombe-paired.js";
import { pairedDifference } from "../../src/stats/paired.js";

// Newcombe (1998), Statistics in Medicine 17:2635–2650, Table II, method 10: the four paired
// tables (e both, f first only, g second only, h neither) and the 95 % interval of the first
// proportion minus the second, to four places. Here A is the first, so B − A is its mirror.
const TABLE_II: Array<{ e: number; f: number; g: number; h: number; ci: [number, number] }> = [
  { e: 36, f: 12, g: 2, h: 0, ci: [0.0569, 0.3404] },
  { e: 18, f: 12, g: 2, h: 18, ci: [0.0562, 0.329] },
  { e: 53, f: 0, g: 0, h: 1, ci: [-0.0729, 0.0729] },
  { e: 0, f: 30, g: 0, h: 0, ci: [0.8395, 1] },
];

/** Per-item 0/1 outcomes of A and B for a paired table. */
function items(e: number, f: number, g: number, h: number): { a: number[]; b: number[] } {
  const a = [...Array<number>(e + f).fill(1), ...Array<number>(g + h).fill(0)];
  const b = [
    ...Array<number>(e).fill(1),
    ...Array<number>(f).fill(0),
    ...Array<number>(g).fill(1),
    ...Array<number>(h).fill(0),
  ];
  return { a, b };
}
const mean = (xs: number[], idx: number[]): number => idx.reduce((s, i) => s + (xs[i] ?? 0), 0) / idx.length;

describe("Newcombe's paired score interval (method 10)", () => {
  for (const { e, f, g, h, ci } of TABLE_II) {
    it(`reproduces Table II for (${e}, ${f}, ${g}, ${h}): A − B in [${ci[0]}, ${ci[1]}]`, () => {
      const [lo, hi] = newcombePaired({ both: e, aOnly: f, bOnly: g, neither: h });
      // B − A is the mirror image of A − B.
      expect(-hi).toBeCloseTo(ci[0], 4);
      expect(-lo).toBeCloseTo(ci[1], 4);
    });
  }

  it("is the interval pairedDifference reports for 0/1 outcomes, with the difference B − A inside it", () => {
    for (const { e, f, g, h, ci } of TABLE_II) {
      const { a, b } = items(e, f, g, h);
      const d = pairedDifference(a.length, (idx) => mean(b, idx) - mean(a, idx), { a, b });
      expect(d.difference).toBeCloseTo((g - f) / a.length, 12);
      expect(d.ci95[0]).toBeCloseTo(-ci[1], 4);
      expect(d.ci95[1]).toBeCloseTo(-ci[0], 4);
      expect(d.discordant).toEqual({ a_only: f, b_only: g });
    }
  });

  it("with no discordant pair, narrows with n instead of collapsing to [0, 0]", () => {
    const widths = [10, 100, 1000].map((n) => {
      const [lo, hi] = newcombePaired({ both: n / 2, aOnly: 0, bOnly: 0, neither: n / 2 });
      expect(lo).toBeLessThan(0);
      expect(hi).toBeGreaterThan(0);
      return hi - lo;
    });
    expect(widths[0]).toBeGreaterThan(widths[1] ?? Infinity);
    expect(widths[1]).toBeGreaterThan(widths[2] ?? Infinity);
  });
});
