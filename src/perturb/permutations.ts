import { permutation, type Rng } from "../stats/rng.js";

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

function isIdentity(p: readonly number[]): boolean {
  return p.every((x, i) => x === i);
}

/** Every permutation of 0..n−1 except the identity, in lexicographic order ([0,2,1], [1,0,2], … for n = 3). */
export function allReorderings(n: number): number[][] {
  const out: number[][] = [];
  const walk = (prefix: number[], rest: number[]): void => {
    if (rest.length === 0) {
      if (!isIdentity(prefix)) out.push(prefix);
      return;
    }
    rest.forEach((x, i) => walk([...prefix, x], [...rest.slice(0, i), ...rest.slice(i + 1)]));
  };
  walk(
    [],
    Array.from({ length: n }, (_, i) => i),
  );
  return out;
}

/** How many non-identity orders n options have. */
export function reorderingCount(n: number): number {
  return factorial(n) - 1;
}

/** min(k, n! − 1) distinct non-identity permutations of 0..n−1, drawn with seeded Fisher–Yates shuffles in draw order. */
export function seededReorderings(n: number, k: number, rng: Rng): number[][] {
  const want = Math.min(k, reorderingCount(n));
  const seen = new Set<string>();
  const out: number[][] = [];
  while (out.length < want) {
    const p = permutation(n, rng);
    const key = p.join(",");
    if (isIdentity(p) || seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}
