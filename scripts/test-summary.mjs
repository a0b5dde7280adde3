// Prints "N passed, N failed" from vitest's JSON report. Steps that failed before the tests
// (lint, dist check, ...) are counted as failures too, so a red CI never ends on "0 failed".
import { readFileSync } from 'node:fs';

const [reportPath, earlierFailures = '0'] = process.argv.slice(2);
let passed = 0;
let failed = Number(earlierFailures) || 0;
try {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  passed = report.numPassedTests ?? 0;
  // A suite that fails to load has no tests of its own: count it as one failure.
  const brokenSuites = (report.testResults ?? []).filter(
    (suite) => suite.status === 'failed' && (suite.assertionResults ?? []).length === 0,
  ).length;
  failed += (report.numFailedTests ?? 0) + brokenSuites;
  if ((report.numTotalTests ?? 0) === 0) failed += 1;
} catch (error) {
  console.error(`could not read the test report: ${error.message}`);
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
