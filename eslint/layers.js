// Imports go down the pipeline (DESIGN.md "Layout"): each top-level folder of src/ may import only
// the folders listed for it. Files at the top of src/ (errors, make-dirs, …) are "base", open to all.
import { dirname, relative, resolve, sep } from "node:path";

const BASE = ["base"];
export const LAYERS = {
  base: BASE,
  stats: BASE,
  records: ["stats", ...BASE],
  targets: ["records", "stats", ...BASE],
  standards: ["records", "stats", ...BASE],
  workloads: ["standards", "records", "stats", ...BASE],
  perturb: ["workloads", "standards", "records", "stats", ...BASE],
  mock: ["records", ...BASE],
  runner: ["decide", "targets", "workloads", "perturb", "standards", "records", "stats", "mock", ...BASE],
  decide: ["standards", "records", "stats", ...BASE],
  report: ["decide", "standards", "records", "stats", ...BASE],
  cli: [
    "runner",
    "report",
    "decide",
    "targets",
    "workloads",
    "perturb",
    "standards",
    "records",
    "stats",
    "mock",
    ...BASE,
  ],
};

/** The layer of a path inside src/, or null outside it; src/index.ts re-exports everything, so it is no layer. */
function layerOf(srcDir, file) {
  const rel = relative(srcDir, file);
  if (rel.startsWith("..")) return null;
  const parts = rel.split(sep);
  if (parts.length === 1) return parts[0] === "index.ts" || parts[0] === "index.js" ? null : "base";
  return parts[0];
}

export const layersRule = {
  meta: {
    type: "problem",
    docs: { description: "src/ folders import only the folders below them in the pipeline" },
    schema: [],
    messages: {
      up: "{{from}}/ may not import {{to}}/ (allowed: {{allowed}}); imports go down the pipeline (DESIGN.md, eslint/layers.js)",
      unknown: "src/{{from}}/ is not in the layer table of eslint/layers.js; add it there",
    },
  },
  create(context) {
    const file = context.filename;
    const srcDir = resolve(context.cwd, "src");
    const from = layerOf(srcDir, file);
    if (from === null) return {};
    const allowed = LAYERS[from];
    const check = (node, source) => {
      if (typeof source !== "string" || !source.startsWith(".")) return;
      const to = layerOf(srcDir, resolve(dirname(file), source));
      if (to === null || to === from) return;
      if (!allowed) return context.report({ node, messageId: "unknown", data: { from } });
      if (!allowed.includes(to))
        context.report({ node, messageId: "up", data: { from, to, allowed: allowed.join(", ") } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === "Literal" && check(node, node.source.value),
    };
  },
};
