/** The part of Electron's `shell` used here (https://www.electronjs.org/docs/latest/api/shell#shellopenexternalurl-options). */
export interface ExternalOpener {
  openExternal(url: string): Promise<void>;
}

/**
 * Opens a URL in the rep's default browser, only for `http:`/`https:` URLs without embedded credentials;
 * anything else (file:, javascript:, custom protocols, smb:…) is refused. The one place the app calls
 * `shell.openExternal`: links the renderer opens (window-open handler) and the CRM OAuth authorize pages.
 * See https://www.electronjs.org/docs/latest/tutorial/security#15-do-not-use-shellopenexternal-with-untrusted-content
 * @param shell Electron's `shell`
 * @param url the URL to open
 * @returns true when handed to the OS, false when refused
 */
export async function openExternalSafely(shell: ExternalOpener, url: string): Promise<boolean> {
  if (!isExternalWebUrl(url)) return false;
  const href = new URL(url).href;
  // Only a validated http(s) URL reaches the OS (the check just above), as the Electron checklist asks.
  await shell.openExternal(href); // eng-disable OPEN_EXTERNAL_JS_CHECK
  return true;
}

/** True for a well-formed http(s) URL without user:password@. */
export function isExternalWebUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && !parsed.username && !parsed.password;
}
