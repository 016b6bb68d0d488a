// ESLint flat config. Import boundaries follow ../shared/DESIGN.md ("Layers and who may import whom"):
// a wrong import between layers fails `npm run lint` and therefore CI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const restrict = (patterns, paths = []) => ({
  'no-restricted-imports': ['error', { paths, patterns }],
});
const group = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict(
      [
        group(['**/electron/**', '**/renderer/**', 'electron'], 'shared/ is pure TS: it may not import electron/, renderer/ or electron.'),
        group(['node:*'], 'shared/ is pure TS: no node:* modules.'),
      ],
      nodeBuiltins.filter((m) => !m.startsWith('node:')).map((name) => ({ name, message: 'shared/ is pure TS: no Node built-ins.' })),
    ),
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: restrict([
      group(['electron', 'electron/*'], 'electron/core/ runs in plain Node: never import electron.'),
      group(['**/renderer/**', '**/main/**', '**/preload/**'], 'electron/core/ may import only shared/.'),
    ]),
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: restrict([group(['**/renderer/**', '**/preload/**'], 'electron/main/ may import shared/, electron/core/ and electron only.')]),
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: restrict([group(['**/core/**', '**/main/**', '**/renderer/**'], 'electron/preload/ may import shared/ and electron only.')]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(
      [
        group(['electron', 'electron/*', '**/electron/**'], 'renderer/ may import shared/ only (talk to main through window.leadforge).'),
        group(['node:*'], 'renderer/ runs in a sandboxed browser: no Node modules.'),
      ],
      nodeBuiltins.filter((m) => !m.startsWith('node:')).map((name) => ({ name, message: 'renderer/: no Node built-ins.' })),
    ),
  },
);
