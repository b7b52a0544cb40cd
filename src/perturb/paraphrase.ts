import type { Rng } from "../stats/rng.js";
import type { PerturbItem } from "./item.js";

/**
 * Rewrites a text in other words, by asking a second model. Wired in by the caller (a target plus a
 * prompt); the seed lets it sample reproducibly. It should keep every number and any code as they
 * are — the perturbation cannot check that a paraphrase kept the question's meaning.
 */
export type Paraphraser = (text: string, opts: { seed: number }) => Promise<string>;

/** The question rewritten by `paraphrase`; options, instruction and gold stay. Draws: one, the seed handed to the paraphraser. */
export async function paraphraseItem(item: PerturbItem, rng: Rng, paraphrase: Paraphraser): Promise<PerturbItem> {
  const seed = Math.floor(rng() * 2 ** 32);
  return { ...item, question: await paraphrase(item.question, { seed }) };
}
