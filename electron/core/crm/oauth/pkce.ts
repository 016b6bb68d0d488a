import * as oauth from 'oauth4webapi';

/**
 * PKCE (RFC 7636) helpers over oauth4webapi. https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 */

/** RFC 7636 §4.1: code_verifier = 43*128unreserved, unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~". */
const VERIFIER_RE = /^[A-Za-z0-9\-._~]{43,128}$/;

/**
 * Whether a string is a syntactically valid PKCE code verifier (43-128 characters of the unreserved set).
 * @param verifier the candidate
 * @returns true when it conforms to RFC 7636 §4.1
 */
export function isValidCodeVerifier(verifier: string): boolean {
  return VERIFIER_RE.test(verifier);
}

/**
 * A fresh PKCE pair: a random verifier (32 random bytes, base64url = 43 characters, from oauth4webapi) and its S256
 * challenge (BASE64URL(SHA256(verifier)), RFC 7636 §4.2).
 * @returns `{ verifier, challenge, method: 'S256' }`
 * @throws Error if the generated verifier does not conform (would be a library defect)
 */
export async function createPkcePair(): Promise<{ verifier: string; challenge: string; method: 'S256' }> {
  const verifier = oauth.generateRandomCodeVerifier();
  if (!isValidCodeVerifier(verifier)) throw new Error('generated PKCE code verifier does not conform to RFC 7636 §4.1');
  return { verifier, challenge: await oauth.calculatePKCECodeChallenge(verifier), method: 'S256' };
}
