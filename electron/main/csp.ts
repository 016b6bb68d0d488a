/**
 * The renderer's Content-Security-Policy. Main sets it as a response header on every response of the default
 * session (electron/main/session-security.ts); renderer/index.html carries the same policy in a meta tag (minus
 * `frame-ancestors`, which browsers ignore in meta tags). See https://www.electronjs.org/docs/latest/tutorial/security#7-define-a-content-security-policy
 *
 * - scripts, fonts, images and network only from the app bundle (`'self'`; images also `data:`);
 * - `style-src 'unsafe-inline'` because Mantine writes inline style attributes (CSS variables);
 * - no plugins, no `<base>`, no form posts, no framing in either direction.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-src': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** The policy as one header value: `default-src 'self'; script-src 'self'; …`. */
export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([name, values]) => `${name} ${values.join(' ')}`)
  .join('; ');

/**
 * Parses a CSP header or meta value into directive → sources (for tests and the startup self-check).
 * @param policy e.g. `default-src 'self'; object-src 'none'`
 * @returns directive name (lower case) → list of sources, in order
 */
export function parseCsp(policy: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name.toLowerCase()] = values;
  }
  return out;
}
