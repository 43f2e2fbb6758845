import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'common/**/*.test.ts', 'server/**/*.test.ts'],
    pool: 'forks',
    // Two cores: two files at a time; each file starts its own server and database.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    // expect.poll gives up after 1 s by default; under CI's load (two suites, each with a server
    // and a browser, on two cores) a page may take longer than that to show a change.
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});
