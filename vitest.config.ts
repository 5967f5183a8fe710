import { defineConfig } from 'vitest/config';

// One run for the whole workspace: unit tests beside the code, integration tests in test/. The global setup
// (one PostgreSQL for the run) lives at the root only: projects must not inherit it, or each would start its own.
const common = { testTimeout: 20_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    globalSetup: ['./scripts/lib/vitest-global-setup.ts'],
    projects: [
      { test: { ...common, name: 'connector', include: ['connector/src/**/*.test.ts'] } },
      { test: { ...common, name: 'amazon-sandbox', include: ['sandbox/amazon/**/*.test.ts'] } },
      { test: { ...common, name: 'erp-sandbox', include: ['sandbox/erp/**/*.test.ts'] } },
      { test: { ...common, name: 'scripts', include: ['scripts/**/*.test.ts'] } },
      // The panel's component tests: their own config (the vue plugin, happy-dom, the `@` alias) beside the panel.
      'admin-ui/vite.config.ts',
      {
        test: { name: 'integration', include: ['test/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 120_000 },
      },
    ],
  },
});
