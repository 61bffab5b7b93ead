import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one closing line CI can count ("Tests: N passed, N failed, N skipped")
 * and fails the run when no test executed at all: a run that tests nothing is
 * a failure, not a pass.
 */
export class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
    }
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    if (passed === 0) {
      process.stdout.write('No test passed: treating the run as a failure.\n');
      process.exitCode = 1;
    }
  }
}
