// Node's own dynamic import, for modules that must run outside vitest's module runner (the built main bundle
// and the electron stand-in: both rely on Node's module-resolution hooks). vitest.config.ts lists this file in
// server.deps.external so vitest leaves it to Node.
/** @param {string} url */
export const nativeImport = (url) => import(url);
