import { defineConfig } from 'vitest/config';
import { resolve } from 'node:path';

const alias = { '@shared': resolve(__dirname, 'shared') };

/**
 * Two projects:
 * - `unit`: unit, integration and CLI tests (everything under test/ except e2e and security);
 * - `e2e`: the real built app in Chromium (test/e2e/*.e2e.test.ts) and the security checks (test/security/),
 *   after one `electron-vite build` per run (globalSetup). Files run one at a time (each drives a Chromium on a
 *   2-core CI machine) with generous timeouts.
 */
export default defineConfig({
  resolve: { alias },
  test: {
    environment: 'node',
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/security/**', '**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts', 'test/security/**/*.test.ts'],
          globalSetup: ['test/e2e/harness/global-build.ts'],
          testTimeout: 240_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // Node's own loader for these (module-resolution hooks map 'electron' to the stand-in).
          server: { deps: { external: [/test\/e2e\/harness\/native-import\.mjs$/] } },
        },
      },
    ],
  },
});
