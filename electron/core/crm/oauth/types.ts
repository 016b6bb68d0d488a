/**
 * Shapes of the generic OAuth 2.0 authorization-code client (RFC 6749 §4.1 + PKCE, RFC 7636) used by the HubSpot
 * and Salesforce connect flows. No secrets are ever put into an {@link OAuthError}'s message or properties.
 */

/** One OAuth client registration at one authorization server. */
export interface OAuthClientConfig {
  /** Authorization endpoint (RFC 6749 §3.1), e.g. https://login.salesforce.com/services/oauth2/authorize. */
  authorizeUrl: string;
  /** Token endpoint (RFC 6749 §3.2), e.g. https://login.salesforce.com/services/oauth2/token. */
  tokenUrl: string;
  clientId: string;
  /** Sent as `client_secret` in the token request body (client_secret_post) when set; else a public client. */
  clientSecret?: string;
  /** Scopes, sent space-separated as `scope` (omitted when empty). */
  scopes: string[];
  /** Use PKCE S256 (RFC 7636). */
  pkce: boolean;
  /** More authorization-request parameters (e.g. Salesforce `prompt`, HubSpot `optional_scope`). */
  extraAuthorizeParams?: Record<string, string>;
  /** Allow plain-http endpoints. Only for local emulators in tests; https is required otherwise. */
  allowInsecureHttp?: boolean;
}

/** Tokens from a token-endpoint response (RFC 6749 §5.1). */
export interface OAuthTokens {
  accessToken: string;
  refreshToken?: string;
  /** ISO-8601, computed from `expires_in` when the server sends it (Salesforce does not). */
  expiresAt?: string;
  scope?: string;
  /**
   * Every other response member as a string, e.g. Salesforce `instance_url`, `id`, `issued_at`, `signature`,
   * `token_type`; HubSpot `hub_id` when present. Never contains `access_token`, `refresh_token` or `id_token`.
   */
  extra: Record<string, string>;
}

/** What failed in an OAuth flow. */
export type OAuthErrorCode =
  /** The user (or the server's policy) refused consent: `error=access_denied` on the redirect. */
  | 'access_denied'
  /** Another error on the authorization redirect (invalid_scope, invalid_request, server_error…). */
  | 'authorization_error'
  /** The redirect's `state` was not the one we sent (possible CSRF); nothing was exchanged or stored. */
  | 'state_mismatch'
  /** No redirect arrived in time. */
  | 'timeout'
  /** The caller aborted the flow. */
  | 'aborted'
  /** The system browser could not be opened. */
  | 'browser'
  /** The token endpoint answered with an OAuth error (RFC 6749 §5.2 `error` / `error_description`). */
  | 'token_endpoint'
  /** The token endpoint's answer was not a valid token response. */
  | 'invalid_response'
  /** The token endpoint could not be reached. */
  | 'network'
  /** Bad configuration (e.g. http without allowInsecureHttp, missing client id). */
  | 'config'
  /** No tokens stored (connect first). */
  | 'not_connected'
  /** A freshly refreshed access token was rejected again: reconnect needed. */
  | 'refresh_rejected';

/**
 * An OAuth failure. `message` names what failed and, for server errors, the server's `error` and
 * `error_description`; it never contains a token, an authorization code or a code verifier.
 */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  constructor(
    message: string,
    readonly code: OAuthErrorCode,
    readonly details: {
      /** The server's OAuth `error` value (authorize redirect or token endpoint). */
      error?: string;
      errorDescription?: string;
      /** HTTP status of the token endpoint's answer. */
      status?: number;
      /** Worth trying again later (network errors, 5xx). */
      retryable?: boolean;
    } = {},
  ) {
    super(message);
  }
}
