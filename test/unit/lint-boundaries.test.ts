import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { resolve } from 'node:path';

// The import boundaries of ../shared/DESIGN.md are enforced by eslint.config.js; a wrong import must fail lint.
const root = resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['electron/core/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['electron/core/x.ts', "import { a } from '../../renderer/src/a';\nexport const b = a;"],
    ['shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;"],
    ['shared/x.ts', "import { readFileSync } from 'fs';\nexport const a = readFileSync;"],
    ['shared/x.ts', "import { a } from '../electron/core/app';\nexport const b = a;"],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;"],
    ['renderer/src/x.ts', "import { a } from '../../electron/core/app';\nexport const b = a;"],
    ['electron/preload/x.ts', "import { a } from '../core/app';\nexport const b = a;"],
    ['electron/main/x.ts', "import { a } from '../../renderer/src/a';\nexport const b = a;"],
  ])('%s rejects: %s', async (file, code) => {
    expect(await boundaryErrors(file, code)).toHaveLength(1);
  });

  it.each([
    ['electron/core/x.ts', "import { z } from 'zod';\nimport { readFileSync } from 'node:fs';\nimport type { Lead } from '@shared/index';\nexport const a = [z, readFileSync] as unknown as Lead;"],
    ['electron/main/x.ts', "import { app } from 'electron';\nimport { createCore } from '../core/app';\nexport const a = [app, createCore];"],
    ['renderer/src/x.ts', "import type { LeadforgeBridge } from '@shared/ipc';\nexport type A = LeadforgeBridge;"],
  ])('%s allows: %s', async (file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });
});
