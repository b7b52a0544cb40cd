import { defineConfig } from "vitest/config";

// Files that time a server, a client or the engine, or judge the client's health, share two cores
// with what they measure: they run one at a time, after everything else. The rest (scoring,
// statistics, records, eval and output commands) run two at a time first; none of them asserts a
// timing beyond a sanity bound of seconds.
const TIMED = [
  "test/runner/**/*.test.ts",
  "test/targets/**/*.test.ts",
  "test/mock/**/*.test.ts",
  "test/cli/bench-*.test.ts",
  "test/cli/compare-bench-cli.test.ts",
  "test/cli/compat-cli.test.ts",
  "test/cli/readme-examples.test.ts",
  "test/cli/run.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default", "./test/count-reporter.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "untimed",
          include: ["test/**/*.test.ts"],
          exclude: TIMED,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "timed",
          include: TIMED,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
