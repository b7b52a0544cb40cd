// CI reads a plain "N passed, N failed, N skipped" line; vitest's own summary is not one it reads.
import type { Reporter, TestCase, TestModule } from "vitest/node";

/**
 * True when a suite around the test failed (a hook threw): vitest then marks the test skipped,
 * but it never ran. A suite that passed in between shields it (an \`it.skip\` in a healthy suite).
 */
function inFailedSuite(test: TestCase): boolean {
  for (let p: TestCase["parent"] = test.parent; ; p = p.parent) {
    const state = p.state();
    if (state === "failed") return true;
    if (state === "passed" || p.type === "module") return false;
  }
}

export default class CountReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      let failedHere = 0;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed" || inFailedSuite(test)) failedHere++;
        else skipped++;
      }
      // A file that failed outside any test (an import error) still counts, once.
      if (mod.state() === "failed" && failedHere === 0) failedHere = 1;
      failed += failedHere;
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
