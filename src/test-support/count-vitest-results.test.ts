import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './demo-site.js';

const script = path.join(repoRoot, 'scripts/count-vitest-results.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-ci-count-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Status = 'passed' | 'failed' | 'skipped' | 'pending' | 'todo';
interface TestCase {
  title: string;
  status: Status;
  ancestors?: string[];
}
interface TestFile {
  name: string;
  status: 'passed' | 'failed';
  message?: string;
  tests: TestCase[];
}

/**
 * A vitest JSON report shaped as vitest 3 writes it, with its summary numbers as vitest computes
 * them: numFailedTestSuites counts the file and every describe block holding a failure.
 */
function report(files: TestFile[], success: boolean, failedSuites: number): string {
  const tests = files.flatMap((file) => file.tests);
  const count = (status: Status): number => tests.filter((test) => test.status === status).length;
  return JSON.stringify({
    numTotalTestSuites: files.length,
    numPassedTestSuites: files.length - failedSuites,
    numFailedTestSuites: failedSuites,
    numPendingTestSuites: 0,
    numTotalTests: tests.length,
    numPassedTests: count('passed'),
    numFailedTests: count('failed'),
    numPendingTests: count('skipped') + count('pending'),
    numTodoTests: count('todo'),
    snapshot: { added: 0, failure: false, filesAdded: 0, filesRemoved: 0, total: 0, unchecked: 0 },
    startTime: 1_700_000_000_000,
    success,
    testResults: files.map((file) => ({
      assertionResults: file.tests.map((test) => ({
        ancestorTitles: test.ancestors ?? [],
        fullName: [...(test.ancestors ?? []), test.title].join(' '),
        status: test.status,
        title: test.title,
        duration: 1,
        failureMessages: test.status === 'failed' ? ['AssertionError: expected 1 to be 2'] : [],
        meta: {},
      })),
      startTime: 1_700_000_000_000,
      endTime: 1_700_000_000_010,
      status: file.status,
      message: file.message ?? '',
      name: `/repo/src/${file.name}`,
    })),
  });
}

let reports = 0;
/** Runs the counting script on a report text and vitest's exit status, as .ci/run does. */
function countResults(text: string, vitestStatus: number): { stdout: string; status: number | null } {
  const file = path.join(dir, `report-${++reports}.json`);
  writeFileSync(file, text);
  const result = spawnSync(process.execPath, [script, file, String(vitestStatus)], { encoding: 'utf8' });
  return { stdout: result.stdout, status: result.status };
}

const passing: TestFile = {
  name: 'a.test.ts',
  status: 'passed',
  tests: [{ title: 'works', status: 'passed' }],
};

describe('the CI result count', () => {
  it('counts one failing test inside two nested describes once', () => {
    const nested: TestFile = {
      name: 'nested.test.ts',
      status: 'failed',
      tests: [
        { title: 'passes', status: 'passed', ancestors: ['outer', 'inner'] },
        { title: 'fails', status: 'failed', ancestors: ['outer', 'inner'] },
      ],
    };
    // Vitest marks the file and both describes as failed suites.
    expect(countResults(report([nested], false, 3), 1)).toEqual({
      stdout: '1 passed, 1 failed\n',
      status: 1,
    });
  });

  it('adds up failed tests across files, not the suites around them', () => {
    const first: TestFile = {
      name: 'b.test.ts',
      status: 'failed',
      tests: [
        { title: 'x', status: 'failed', ancestors: ['one'] },
        { title: 'y', status: 'failed', ancestors: ['one', 'two'] },
        { title: 'z', status: 'passed' },
      ],
    };
    const second: TestFile = {
      name: 'c.test.ts',
      status: 'failed',
      tests: [{ title: 'w', status: 'failed' }],
    };
    const counted = countResults(report([passing, first, second], false, 5), 1);
    expect(counted).toEqual({ stdout: '2 passed, 3 failed\n', status: 1 });
  });

  it('counts a file that fails to load, with no tests, as one failed test', () => {
    const broken: TestFile = {
      name: 'broken.test.ts',
      status: 'failed',
      message: "Cannot find module './gone.js' imported from '/repo/src/broken.test.ts'",
      tests: [],
    };
    expect(countResults(report([passing, broken], false, 1), 1)).toEqual({
      stdout: '1 passed, 1 failed\n',
      status: 1,
    });
  });

  it('counts a file whose beforeAll failed, its tests skipped, as one failed test', () => {
    const hooked: TestFile = {
      name: 'hooked.test.ts',
      status: 'failed',
      tests: [
        { title: 'a', status: 'skipped', ancestors: ['hooked'] },
        { title: 'b', status: 'skipped', ancestors: ['hooked'] },
      ],
    };
    expect(countResults(report([hooked], false, 2), 1)).toEqual({
      stdout: '0 passed, 1 failed\n',
      status: 1,
    });
  });

  it('fails a run with an unhandled error, whose report says success, with one failed', () => {
    // Vitest exits 1 for an error thrown outside any test, yet every test passed.
    expect(countResults(report([passing], true, 0), 1)).toEqual({
      stdout: '1 passed, 1 failed\n',
      status: 1,
    });
  });

  it('counts neither skipped nor todo tests, and passes a clean run', () => {
    const mixed: TestFile = {
      name: 'mixed.test.ts',
      status: 'passed',
      tests: [
        { title: 'ok', status: 'passed' },
        { title: 'later', status: 'skipped' },
        { title: 'someday', status: 'todo' },
      ],
    };
    expect(countResults(report([passing, mixed], true, 0), 0)).toEqual({
      stdout: '2 passed, 0 failed\n',
      status: 0,
    });
  });

  it('reports one failure for a report it cannot read', () => {
    expect(countResults('{"numPassedTests": 3, "testResu', 1)).toMatchObject({
      stdout: '0 passed, 1 failed\n',
      status: 1,
    });
    expect(countResults('{}', 0)).toMatchObject({ stdout: '0 passed, 1 failed\n', status: 1 });
  });
});
