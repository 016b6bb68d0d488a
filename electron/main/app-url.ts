import { pathToFileURL } from 'node:url';

/** Where the renderer is loaded from: the built bundle on disk, or the electron-vite dev server (dev only). */
export interface AppLocation {
  /** `file://…/out/renderer/index.html` of the built renderer (production and tests). */
  indexFile: string;
  /** `http://localhost:5173` when `ELECTRON_RENDERER_URL` is set in an unpackaged app (electron-vite dev). */
  devServerUrl?: string;
}

/**
 * Picks the renderer location. `ELECTRON_RENDERER_URL` is honoured only when the app is not packaged, so a
 * packaged app can never be pointed at another page through the environment.
 * @param opts.indexPath absolute path of out/renderer/index.html
 * @param opts.env the environment (reads `ELECTRON_RENDERER_URL`)
 * @param opts.isPackaged `app.isPackaged`
 */
export function appLocation(opts: { indexPath: string; env: NodeJS.ProcessEnv; isPackaged: boolean }): AppLocation {
  const dev = opts.env.ELECTRON_RENDERER_URL;
  const devServerUrl = !opts.isPackaged && dev && /^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/?/.test(dev) ? dev : undefined;
  return { indexFile: pathToFileURL(opts.indexPath).href, devServerUrl };
}

/**
 * True when `url` is the app's own page: exactly the built index.html (any #hash or ?query, the renderer routes
 * with the hash), or any page of the dev server's origin in dev.
 * @param url a frame URL (WebFrameMain.url)
 * @param loc the app location
 */
export function isAppUrl(url: string, loc: AppLocation): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (loc.devServerUrl && parsed.origin === new URL(loc.devServerUrl).origin) return true;
  if (parsed.protocol !== 'file:') return false;
  parsed.hash = '';
  parsed.search = '';
  return parsed.href === loc.indexFile;
}
