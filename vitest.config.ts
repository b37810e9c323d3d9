import { defineConfig } from 'vitest/config';

// One runner for the whole tree. Projects:
// - unit: pure code beside its subject (shared, server, client), no I/O;
// - integration: server/test, the real app on in-memory PGlite, real Socket.IO clients, and
//   PostgreSQL / Redis / MQTT when their URL variable is set (skipped, and said so, otherwise);
// - browser: client/e2e, the built product in Debian's Chromium through playwright-core.
export default defineConfig({
  test: {
    // CI also writes a JSON report, from which .ci/run prints the plain 'N passed, N failed' line.
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]]
      : ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'shared/src/**/*.test.ts',
            'server/src/**/*.test.ts',
            'client/src/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['server/test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['client/e2e/**/*.spec.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
