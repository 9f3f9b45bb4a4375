/**
 * Prints a vitest JSON report's result for CI as `<passed> passed, <failed> failed`, counting test
 * cases: `node scripts/count-vitest-results.mjs <report.json> <vitest exit status>`. Exits 1 when
 * anything failed. Vitest's own numFailedTestSuites counts the file and every describe block around
 * a failure (one failing test inside two nested describes is three failed suites), so it is not
 * added in; a test file that failed with no failed test in it (an import error, a failing beforeAll
 * or afterAll) counts as one, and so does a run that failed with nothing else to show for it (an
 * unhandled error makes vitest exit 1 while its report says success).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Counts the passed and failed test cases of a parsed vitest JSON report, given vitest's exit status. */
export function countVitestResults(report, exitStatus) {
  let passed = 0;
  let failed = 0;
  const files = Array.isArray(report?.testResults) ? report.testResults : [];
  for (const file of files) {
    const tests = Array.isArray(file?.assertionResults) ? file.assertionResults : [];
    const failedTests = tests.filter((test) => test?.status === 'failed').length;
    passed += tests.filter((test) => test?.status === 'passed').length;
    failed += failedTests;
    if (file?.status === 'failed' && failedTests === 0) failed += 1;
  }
  // A report that says less than vitest's exit status (or is not a report) still fails the run.
  if (failed === 0 && (exitStatus !== 0 || report?.success !== true)) failed = 1;
  return { passed, failed };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file = '', status = ''] = process.argv.slice(2);
  let counts = { passed: 0, failed: 1 };
  try {
    counts = countVitestResults(
      JSON.parse(readFileSync(file, 'utf8')),
      /^\d+$/.test(status) ? Number(status) : 1,
    );
  } catch (error) {
    console.error(`cannot read the vitest report ${file}: ${error instanceof Error ? error.message : error}`);
  }
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  process.exitCode = counts.failed > 0 ? 1 : 0;
}
