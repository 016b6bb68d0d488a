// Node module-resolution hook (registered with module.register by launch.ts):
// 1. the bare specifier 'electron', as imported by the built main bundle, resolves to the test stand-in instead
//    of the npm package (which only holds the path of a binary that is not installed here);
// 2. each launch imports out/main/index.js with its own query (`?launch=N`, a fresh module instance per app
//    start); modules of the bundle imported from it (code-split chunks, which import back from index.js) get the
//    same query, so one launch is one consistent module graph.
// https://nodejs.org/api/module.html#customization-hooks
let stubUrl;
let bundleDirUrl;

/** @param {{ stubUrl: string, bundleDirUrl: string }} data */
export async function initialize(data) {
  stubUrl = data.stubUrl;
  bundleDirUrl = data.bundleDirUrl;
}

/** @type {import('node:module').ResolveHook} */
export async function resolve(specifier, context, next) {
  if (specifier === 'electron' || specifier === 'electron/main') return next(stubUrl, context);
  const result = await next(specifier, context);
  const parent = context.parentURL;
  if (parent && bundleDirUrl && parent.startsWith(bundleDirUrl) && result.url.startsWith(bundleDirUrl) && !result.url.includes('?')) {
    const query = new URL(parent).search;
    if (query) return { ...result, url: `${result.url}${query}` };
  }
  return result;
}
