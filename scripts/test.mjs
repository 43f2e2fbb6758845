#!/usr/bin/env node
// `npm test`: the whole suite. Runs vitest, says what was skipped and why, refuses skips under
// CI=true, and ends with the plain line "N passed, N failed".
import { spawnSync, execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CI = process.env.CI === 'true';
const env = { ...process.env };
const notes = [];

if (!env.TEST_DATABASE_URL) {
  if (CI) env.TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
  else notes.push('PostgreSQL suites skipped: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres) to run them.');
}
let chromium = env.CHROMIUM_PATH || '';
if (!chromium) {
  try {
    chromium = execSync('which chromium', { encoding: 'utf8' }).trim();
  } catch {
    /* none */
  }
}
if (!chromium) notes.push('Browser suites skipped: Debian chromium not found (apt-get install chromium fonts-noto-cjk).');
if (CI && notes.length) {
  for (const n of notes) console.error(`CI: ${n.replace('skipped', 'are required')}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const out = path.join(os.tmpdir(), `zongban-vitest-${process.pid}.json`);
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)];
const run = spawnSync('npx', args, { stdio: 'inherit', env });

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  passed = report.numPassedTests;
  // A failed file with no failed test (an import error, a failing beforeAll) counts once; the
  // report's numFailedTestSuites would also count every describe block above a failed test.
  const brokenFiles = (report.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
  failed = report.numFailedTests + brokenFiles;
  skipped = report.numPendingTests + report.numTodoTests;
  if (report.numTotalTests === 0) failed += 1; // a run that tests nothing is a failure
} catch {
  failed += 1;
}
for (const n of notes) console.log(n);
if (skipped) console.log(`${skipped} test(s) skipped.`);
if (CI && skipped) {
  console.log('CI=true: skipped tests count as failures.');
  failed += skipped;
}
fs.writeFileSync(path.join(process.cwd(), '.test-summary'), `${passed} passed, ${failed} failed\n`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || run.status !== 0 ? 1 : 0);
