/** One variant's verdict on an item: which perturbation made it and how it was judged. */
export interface VariantVerdict {
  /** The perturbation as specified ("typo:0.1", "choice-order:3"): per-perturbation metrics group by it. */
  perturbation: string;
  /** The perturbation's table name ("choice-order"); permutation consistency looks for it. */
  name: string;
  family: string;
  /** Unique within the item ("choice-order:3#1"); formats are told apart by it. */
  variant: string;
  /** 1 right / 0 wrong, or a score. */
  verdict: number;
  /** Multiple choice: the content of the option the model chose in this variant's own order, null when none was read. */
  chosen?: string | null;
}

/** One item: its verdict as written and under every variant. */
export interface ItemVerdicts {
  item: string;
  original: number;
  /** Multiple choice: the content of the option chosen on the original. */
  chosen?: string | null;
  variants: VariantVerdict[];
}
