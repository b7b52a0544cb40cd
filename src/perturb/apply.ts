import { UserError } from "../errors.js";
import { createRng, mixSeed } from "../stats/rng.js";
import type { PerturbedItem, PerturbItem } from "./item.js";
import type { Paraphraser } from "./paraphrase.js";
import type { ParsedPerturbation } from "./table.js";

/** A 32-bit hash of a string (FNV-1a over UTF-16 units), to mix names and item ids into seeds. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The seed of one item's variants: the run seed mixed with the item id, so items get independent noise and adding an item moves no other. */
export function itemSeed(runSeed: number, itemId: string): number {
  return mixSeed(runSeed, hashString(itemId));
}

// Each perturbation draws from its own stream, so adding one to a list changes no other's output.
const rngFor = (p: ParsedPerturbation, seed: number) => createRng(mixSeed(seed, hashString(p.spec)));

function describe(p: ParsedPerturbation, seed: number, items: PerturbItem[]): PerturbedItem[] {
  return items.map((item, variant) => ({
    item,
    description: {
      name: p.name,
      family: p.family,
      params: p.params,
      seed,
      variant,
      label: p.multi ? `${p.spec}#${variant}` : p.spec,
    },
  }));
}

/**
 * The variants of one item under one perturbation: one for most, several for choice-order and
 * format, none when it cannot apply (choice-order on an item with fewer than two options).
 * Deterministic in (item, perturbation, seed).
 */
export function perturbItem(item: PerturbItem, p: ParsedPerturbation, seed: number): PerturbedItem[] {
  if (p.kind === "async") throw new UserError(`perturbation ${p.spec} needs a paraphrasing model; it cannot run here`);
  return describe(p, seed, p.apply(item, rngFor(p, seed)));
}

/** As perturbItem, for any perturbation, with the paraphraser the async ones need. */
export async function perturbItemAsync(
  item: PerturbItem,
  p: ParsedPerturbation,
  seed: number,
  paraphrase: Paraphraser,
): Promise<PerturbedItem[]> {
  const rng = rngFor(p, seed);
  return describe(p, seed, p.kind === "async" ? await p.apply(item, rng, paraphrase) : p.apply(item, rng));
}
