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
  },
});
