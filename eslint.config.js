// Type-aware lint: no-floating-promises matters in a tool whose every request is a promise.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { layersRule } from "./eslint/layers.js";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "runs/**", "stubs/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: "./tsconfig.test.json", tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
    },
  },
  {
    files: ["src/**/*.ts"],
    plugins: { infermark: { rules: { layers: layersRule } } },
    rules: { "infermark/layers": "error" },
  },
  { files: ["eslint.config.js", "eslint/**/*.js"], ...tseslint.configs.disableTypeChecked },
);
