import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests start real servers (nginx, Prometheus, PostgreSQL) on fixed loopback
    // ports chosen per file; files run in parallel but on a 2-core machine more forks only thrash.
    pool: 'forks',
    maxWorkers: 2,
  },
});
