import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './paths';

/**
 * vitest globalSetup of the e2e/security project: builds the real bundles once per test run
 * (`electron-vite build` → out/main/index.js, out/preload/index.cjs, out/renderer/). Set
 * LEADFORGE_E2E_SKIP_BUILD=1 to reuse an existing build while iterating.
 * @throws when the build fails (its output is printed)
 */
export default function buildOnce(): void {
  if (process.env.LEADFORGE_E2E_SKIP_BUILD === '1') return;
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`electron-vite build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  process.stderr.write(`e2e: electron-vite build done in ${Date.now() - started} ms\n`);
}
