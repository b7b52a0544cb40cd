import type { Rule } from "eslint";

export const LAYERS: Record<string, readonly string[]>;
export const layersRule: Rule.RuleModule;
