import type { FailureInfo } from '../policy';
import { CrmError } from '../types';
import { OAuthError, redact } from '../oauth/index';
import type { CallContext } from './transport';

/**
 * How a failed Salesforce call is read (REST API status codes and error responses:
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm):
 * - 403 `REQUEST_LIMIT_EXCEEDED`: rate limited. "TotalRequests Limit exceeded." is the org's rolling 24 h API
 *   request limit: usage falls as old requests age out, so we wait `totalRequestsWaitMs` (default 60 s) before
 *   trying again; other REQUEST_LIMIT_EXCEEDED answers (e.g. ConcurrentPerOrgLongTxn) wait `concurrentWaitMs` (5 s).
 * - 5xx, dropped connections, timeouts: retryable.
 * - 401 `INVALID_SESSION_ID` reaching us: jsforce already refreshed once (or could not): not retryable.
 * - Any other 4xx: not retryable, with Salesforce's own `errorCode` and message.
 * Messages never contain the access token (redacted defensively).
 */
export interface ClassifyOptions {
  totalRequestsWaitMs: number;
  concurrentWaitMs: number;
  /** Secrets to redact from messages (the current access token). */
  secrets: () => (string | undefined)[];
  /** The call context recorded for an error (HTTP status). */
  contextOf: (err: unknown) => CallContext | undefined;
}

/** Network-level failures: the request may or may not have reached Salesforce. */
export function isNetworkError(err: unknown): boolean {
  const e = err as { name?: unknown; code?: unknown; message?: unknown; type?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  return e.name === 'FetchError' || e.name === 'AbortError' || e.message === 'Request Timeout' || (e.name === 'TypeError' && e.message === 'fetch failed');
}

/**
 * Whether a failure leaves it unknown if a write was applied (network errors and 5xx answers): a create must then
 * look for what it may have created before sending again.
 */
export function isAmbiguousFailure(f: FailureInfo): boolean {
  return f.retryable && !f.rateLimited && (f.status === undefined || f.status >= 500);
}

/** Maps any thrown value to a {@link FailureInfo} for the RequestPolicy. */
export function classifySalesforceFailure(err: unknown, o: ClassifyOptions): FailureInfo {
  const clean = (m: string): string => redact(m, o.secrets());
  if (err instanceof CrmError) {
    return { retryable: err.info.retryable === true, message: clean(err.message), ...(err.info.status !== undefined ? { status: err.info.status } : {}), ...(err.info.code ? { code: err.info.code } : {}) };
  }
  if (err instanceof OAuthError) {
    const retryable = err.details.retryable === true;
    return {
      retryable,
      status: err.details.status && err.details.status >= 500 ? err.details.status : 401,
      code: err.code === 'not_connected' ? 'NOT_CONNECTED' : 'INVALID_SESSION_ID',
      message: clean(err.message),
    };
  }
  const ctx = o.contextOf(err);
  if (isNetworkError(err)) {
    const e = err as { name?: string; code?: string };
    const what = e.name === 'AbortError' || (err as Error).message === 'Request Timeout' ? 'request timed out' : `network error${e.code ? ` (${e.code})` : ''}`;
    return { retryable: true, message: what, code: e.code ?? 'NETWORK_ERROR' };
  }
  const e = err as { errorCode?: unknown; message?: unknown; data?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if (/^Unable to refresh session due to:/.test(message)) {
    return { retryable: false, status: 401, code: 'INVALID_SESSION_ID', message: clean(`session expired or invalid and could not be refreshed (${message.replace(/^Unable to refresh session due to:\s*/, '')})`) };
  }
  let code = typeof e?.errorCode === 'string' ? e.errorCode : undefined;
  let crmMessage = message;
  if (code === 'MULTIPLE_API_ERRORS' && Array.isArray(e?.data) && e.data.length > 0) {
    const first = e.data[0] as { errorCode?: string; message?: string };
    code = first.errorCode ?? code;
    crmMessage = e.data.map((d: { message?: string }) => d.message).filter(Boolean).join('; ');
  }
  const httpCode = code ? /^ERROR_HTTP_(\d{3})$/.exec(code) : null;
  let status = ctx?.status ?? (httpCode ? Number(httpCode[1]) : undefined);
  if (code === 'INVALID_SESSION_ID') status ??= 401;
  if (code === 'REQUEST_LIMIT_EXCEEDED') {
    status ??= 403;
    const total = /TotalRequests/i.test(crmMessage);
    return { retryable: true, rateLimited: true, retryAfterMs: total ? o.totalRequestsWaitMs : o.concurrentWaitMs, status, code, message: clean(crmMessage) };
  }
  if (/^HTTP response contains html content/.test(crmMessage)) crmMessage = `HTTP ${status ?? '?'} with an HTML page (not the REST API's JSON)`;
  if (status !== undefined && status >= 500) return { retryable: true, status, ...(code ? { code } : {}), message: clean(crmMessage) };
  if (status === 429) return { retryable: true, rateLimited: true, retryAfterMs: o.concurrentWaitMs, status, ...(code ? { code } : {}), message: clean(crmMessage) };
  if (code || status !== undefined) return { retryable: false, ...(status !== undefined ? { status } : {}), ...(code ? { code } : {}), message: clean(crmMessage) };
  // Not an HTTP answer: a programming or local error. Only its message, never the object (may hold request data).
  return { retryable: false, message: clean(message) };
}
