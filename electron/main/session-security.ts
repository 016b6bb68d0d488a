import type { Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from './csp';

/**
 * Permissions the app's own page may use; everything else (camera, microphone, geolocation, notifications,
 * HID/USB/serial, openExternal from the page, …) is denied. `clipboard-sanitized-write` lets the rep copy a draft.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/**
 * Hardens the session the window uses:
 * - the CSP header ({@link CONTENT_SECURITY_POLICY}) on every response (https://www.electronjs.org/docs/latest/tutorial/security#7-define-a-content-security-policy);
 * - permission requests and checks denied by default, allowed only for {@link ALLOWED_PERMISSIONS} from the app's
 *   main frame (https://www.electronjs.org/docs/latest/tutorial/security#5-handle-session-permission-requests-from-remote-content).
 * @param session `session.defaultSession`
 * @param isAppUrl true for the app page's URL
 */
export function secureSession(session: Session, isAppUrl: (url: string) => boolean): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(isAllowedPermission(permission, details.requestingUrl, details.isMainFrame, contents, isAppUrl));
  });
  session.setPermissionCheckHandler((contents, permission, requestingOrigin, details) =>
    isAllowedPermission(permission, details.requestingUrl ?? requestingOrigin, details.isMainFrame, contents, isAppUrl),
  );
}

/**
 * The permission decision: allow only an allow-listed permission asked by the app page's main frame.
 * @returns true to grant
 */
export function isAllowedPermission(
  permission: string,
  requestingUrl: string | undefined,
  isMainFrame: boolean | undefined,
  contents: WebContents | null,
  isAppUrl: (url: string) => boolean,
): boolean {
  if (!ALLOWED_PERMISSIONS.has(permission)) return false;
  if (!contents || isMainFrame === false) return false;
  return typeof requestingUrl === 'string' && isAppUrl(requestingUrl);
}
