import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Timing tests share two cores with the server they measure: one file at a time keeps them honest.
    fileParallelism: false,
    reporters: ["default", "./test/count-reporter.ts"],
  },
});
