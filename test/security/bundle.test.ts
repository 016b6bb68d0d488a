/**
 * The built main bundle (out/main/index.js) is a sound ESM module: electron-vite's CommonJS shim, when present,
 * sits at the top (electron.vite.config.ts puts it there on purpose; electron-vite would otherwise insert it
 * after the last match of an import regex, which can be inside a string literal such as `Cannot import "${f}"`),
 * and 'electron' is imported by name, never bundled.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { MAIN_BUNDLE } from '../e2e/harness/paths';

test('the main bundle keeps its CommonJS shim at the top and imports electron', () => {
  const code = readFileSync(MAIN_BUNDLE, 'utf8');
  const shimAt = code.search(/const __dirname = import\.meta\.dirname;/);
  if (shimAt !== -1) expect(shimAt).toBeLessThan(300);
  expect(code.match(/const __dirname = /g)?.length ?? 0).toBeLessThanOrEqual(1);
  expect(code).toMatch(/^import \{[^}]*\bBrowserWindow\b[^}]*\} from "electron";$/m);
});
