import { drawLength, type LengthSpec } from "./length.js";
import { createRng, mixSeed, type Rng } from "../stats/rng.js";
import type { Workload, WorkItem } from "./workload.js";

// Short, common English words: each is one token (with its leading space) in the GPT, Llama and
// Mistral tokenizers, so N words is close to N tokens on any server without knowing its tokenizer.
export const SYNTHETIC_WORDS: readonly string[] = (
  "the of and to in is you that it he was for on are as with his they at be this have from or one had by " +
  "word but not what all were we when your can said there use an each which she do how their if will up " +
  "other about out many then them these so some her would make like him into time has look two more write " +
  "go see number no way could people my than first water been call who oil its now find long down day did " +
  "get come made may part over new sound take only little work know place year live me back give most very " +
  "after thing our just name good sentence man think say great where help through much before line right " +
  "too mean old any same tell boy follow came want show also around form three small set put end does " +
  "another well large must big even such because turn here why ask went men read need land different home " +
  "us move try kind hand picture again change off play spell air away animal house point page letter " +
  "mother answer found study still learn should world high every near add food between own below country " +
  "plant last school father keep tree never start city earth eye light thought head under story saw left " +
  "few while along might close something seem next hard open example begin life always those both paper " +
  "together got group often run important until children side feet car mile night walk white sea began grow"
).split(" ");
const WORDS = SYNTHETIC_WORDS;

/** An exact prompt token count for the target, and who counts (for run.json). */
export interface PromptSizer {
  count: (prompt: string) => number;
  /** e.g. "engine tokenizer", "server /tokenize (vllm)". */
  by: string;
}

/** Settings of synthetic prompts. */
export interface SyntheticOptions {
  seed: number;
  input: LengthSpec;
  output: LengthSpec;
  /** Number of leading words every prompt shares (0: none, so no prefix cache can help). */
  sharedPrefix: number;
  /**
   * The target's exact token count of a prompt, when its tokenizer is known (the embedded engine, a server's /tokenize):
   * prompts are then sized in its tokens. Without it a word stands for a token, which is close on
   * GPT/Llama/Mistral vocabularies and far off on small ones (stories260K: ~2.8 tokens a word).
   */
  sizer?: PromptSizer;
}

/** Items kept for reuse: the runner asks for each item twice (its record context, then the send), and sizing one costs a few tokenizations. */
const SIZED_KEEP = 256;

/**
 * The longest prefix of `words` (at least `min` words, the unique tag) whose prompt is at most
 * `target` tokens, by bisection: a longer word prefix never tokenizes shorter, and every
 * whitespace-separated word is at least one token, so `target` words always suffice.
 */
function fitWords(words: readonly string[], min: number, target: number, count: (prompt: string) => number): number {
  let lo = Math.min(min, words.length);
  let hi = Math.min(words.length, target);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (count(words.slice(0, mid).join(" ")) <= target) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function words(rng: Rng, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(WORDS[Math.floor(rng() * WORDS.length)]!);
  return out;
}

/** Three words that spell the item index in base |WORDS|: unique for the first ~7 million items. */
function uniqueTag(index: number): string[] {
  const base = WORDS.length;
  return [
    WORDS[index % base]!,
    WORDS[Math.floor(index / base) % base]!,
    WORDS[Math.floor(index / base / base) % base]!,
  ];
}

/**
 * Prompts of a target token length made of common words, seeded per item. Each starts with words
 * unique to its index (after the optional shared prefix), so a prefix cache cannot inflate results.
 * With a `sizer` the prompt is the longest word sequence within the target in real tokens
 * (its achieved length is in each record's `tokens.input`); without it, N words.
 */
export function syntheticWorkload(opts: SyntheticOptions): Workload {
  const prefix = words(createRng(mixSeed(opts.seed, 0x5eed)), opts.sharedPrefix);
  const count = opts.sizer?.count;
  const sized = new Map<number, WorkItem>();
  return {
    describe: {
      kind: "synthetic",
      seed: opts.seed,
      input_tokens: opts.input,
      output_tokens: opts.output,
      shared_prefix: opts.sharedPrefix,
      input_sized_by: opts.sizer?.by ?? "words (approximate)",
    },
    item(index: number): WorkItem {
      const kept = sized.get(index);
      if (kept) return kept;
      const rng = createRng(mixSeed(opts.seed, index));
      const inputLen = drawLength(opts.input, rng);
      const maxTokens = drawLength(opts.output, rng);
      const head = prefix.slice(0, inputLen);
      const tag = uniqueTag(index).slice(0, Math.max(0, inputLen - head.length));
      const fill = words(rng, Math.max(0, inputLen - head.length - tag.length));
      const all = [...head, ...tag, ...fill];
      if (!count) return { prompt: all.join(" "), maxTokens, inputTokensHint: inputLen };
      const k = fitWords(all, head.length + tag.length, inputLen, count);
      const prompt = all.slice(0, k).join(" ");
      const item: WorkItem = { prompt, maxTokens, inputTokensHint: count(prompt) };
      sized.set(index, item);
      if (sized.size > SIZED_KEEP) sized.delete(sized.keys().next().value ?? index);
      return item;
    },
  };
}
