import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

const alias = { '@shared': resolve(__dirname, 'shared') };

/**
 * electron-vite appends a "CommonJS shim" (`__dirname`, `__filename`, `require`) to an ESM bundle whose text
 * mentions `__dirname`/`require(` anywhere, right after what a regex takes for the last `import … "…"`, which
 * can be inside a string literal (e.g. `Cannot import "${file}"`), corrupting the bundle. It skips bundles that
 * already contain the exact shim, so the main bundle gets it up front as a banner (same text as electron-vite's
 * Node ≥ 20.11 shim; the main code itself uses import.meta.dirname).
 */
const ESM_CJS_SHIM = `
// -- CommonJS Shims --
import __cjs_mod__ from 'node:module';
const __filename = import.meta.filename;
const __dirname = import.meta.dirname;
const require = __cjs_mod__.createRequire(import.meta.url);
`;

export default defineConfig({
  // Main: ESM (package.json "type": "module"), npm dependencies stay external (loaded from node_modules / app.asar).
  main: {
    resolve: { alias },
    build: {
      externalizeDeps: true,
      rollupOptions: { input: { index: resolve(__dirname, 'electron/main/index.ts') }, output: { banner: ESM_CJS_SHIM } },
    },
  },
  // Preload: the renderer is sandboxed, and a sandboxed preload can only be a single CommonJS file that requires
  // nothing but 'electron' (https://www.electronjs.org/docs/latest/tutorial/sandbox#preload-scripts). So: CJS,
  // `.cjs` (the package is "type": "module"), every dependency bundled in, no code splitting.
  preload: {
    resolve: { alias },
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    resolve: { alias },
    plugins: [react()],
    build: { rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } } },
  },
});
