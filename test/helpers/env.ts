// What the suites may use on this machine, and why a suite is skipped when it cannot run.
import fs from 'node:fs';
import { execSync } from 'node:child_process';

export const CI = process.env.CI === 'true';

export const PG_URL = process.env.TEST_DATABASE_URL || null;

export function chromiumPath(): string | null {
  if (process.env.CHROMIUM_PATH && fs.existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  try {
    const p = execSync('which chromium', { encoding: 'utf8' }).trim();
    return p || null;
  } catch {
    return null;
  }
}

/** Dialects to run API suites on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const DIALECTS: ('sqlite' | 'postgres')[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

if (CI && !PG_URL) throw new Error('CI=true requires TEST_DATABASE_URL: the PostgreSQL suites may not be skipped in CI');
