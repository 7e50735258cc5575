// Records jest's totals for scripts/test.sh (PUM_TEST_SUMMARY), which prints the final
// "N passed, N failed" line; run on its own (npx jest) it prints the line itself.
const { writeFileSync } = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const passed = results.numPassedTests;
    // A suite that fails to load has no failed tests of its own: count it as one.
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    if (process.env.PUM_TEST_SUMMARY) writeFileSync(process.env.PUM_TEST_SUMMARY, JSON.stringify({ passed, failed }));
    else process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  }
}
module.exports = SummaryReporter;
