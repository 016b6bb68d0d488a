/**
 * Generic OAuth 2.0 authorization-code client (system browser, loopback redirect on 127.0.0.1, state, PKCE S256,
 * refresh) on oauth4webapi, used by the HubSpot and Salesforce connect flows.
 */
export { runAuthorizationCodeFlow, refreshTokens, DEFAULT_AUTHORIZE_TIMEOUT_MS, redact } from './flow';
export { TokenManager, DEFAULT_REFRESH_MARGIN_MS, type TokenManagerOptions } from './token-manager';
export { createPkcePair, isValidCodeVerifier } from './pkce';
export { startLoopbackReceiver, type LoopbackReceiver, type CallbackPage } from './loopback';
export { OAuthError, type OAuthClientConfig, type OAuthTokens, type OAuthErrorCode } from './types';
