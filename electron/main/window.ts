import { BrowserWindow, type WebContents } from 'electron';
import { MIN_WINDOW, type WindowState } from './window-state';

/**
 * Creates the main window: remembered bounds (validated), hidden until the first paint, and the renderer's
 * webPreferences (https://www.electronjs.org/docs/latest/tutorial/security): context isolation, OS sandbox, no
 * Node in the page, its workers or subframes, same-origin policy on, no <webview>, no insecure content, no
 * experimental features, middle-click (auxclick) disabled so it cannot open windows. The options are an inline
 * literal on purpose: @doyensec/electronegativity checks them there (test/security/electronegativity.test.ts).
 * @param opts.preload absolute path of the CommonJS preload bundle (out/preload/index.cjs)
 * @param opts.state remembered window state (see window-state.ts)
 */
export function createMainWindow(opts: { preload: string; state: WindowState }): BrowserWindow {
  return new BrowserWindow({
    title: 'LeadForge',
    x: opts.state.x,
    y: opts.state.y,
    width: opts.state.width,
    height: opts.state.height,
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    show: false,
    backgroundColor: '#f8f9fa',
    autoHideMenuBar: true,
    // The preload is the page's only door to main: a tiny CommonJS bundle exposing one named method per contract
    // channel (electron/preload/index.ts); every call is sender-checked and schema-validated in main (ipc.ts).
    webPreferences: {
      preload: opts.preload, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

/**
 * Navigation guards for any webContents the app creates: every in-page navigation (`will-navigate`, e.g. a link
 * or a file dropped outside the drop zone) is denied; `window.open`/target=_blank is denied and http(s) URLs go to
 * the default browser; `<webview>` attachment is prevented.
 * See https://www.electronjs.org/docs/latest/tutorial/security#13-disable-or-limit-navigation and #14.
 * @param contents a webContents (from `web-contents-created`)
 * @param opts.openInBrowser opens an http(s) URL in the default browser (refuses others; see open-external.ts)
 * @param opts.onBlocked receives a note of each blocked attempt (for the log)
 */
export function guardWebContents(
  contents: WebContents,
  opts: { openInBrowser: (url: string) => Promise<boolean>; onBlocked: (message: string) => void },
): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    opts.onBlocked(`navigation to ${truncate(url)} blocked`);
  });
  contents.setWindowOpenHandler(({ url }) => {
    void opts.openInBrowser(url).then((opened) => {
      if (!opened) opts.onBlocked(`window.open of ${truncate(url)} blocked`);
    });
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    opts.onBlocked('<webview> blocked');
  });
}

const truncate = (url: string): string => (url.length > 200 ? `${url.slice(0, 200)}…` : url);
