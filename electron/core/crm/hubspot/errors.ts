import { OAuthError } from '../oauth';
import type { FailureInfo } from '../policy';
import { CrmError } from '../types';

/**
 * How the HubSpot adapter reads failures for the {@link RequestPolicy}. Sources:
 * - the SDK's `ApiException` (`code` = HTTP status, `body` = HubSpot's error body, `headers` = response headers).
 *   Quirk: the generated clients also throw it for an *undocumented success code* (e.g. 200 where 201 is documented),
 *   with `code` 2xx and message "An error occurred." — that is a contract violation, never retried;
 * - node-fetch `FetchError` for network failures (`code` ECONNRESET, ECONNREFUSED, ETIMEDOUT, EPIPE…; "socket hang up"
 *   is ECONNRESET);
 * - {@link HubSpotHttpError} for the raw `client.apiRequest` calls (account info);
 * - {@link OAuthError} from the token manager.
 *
 * Rules (https://developers.hubspot.com/docs/api/usage-details, https://developers.hubspot.com/docs/api/faq):
 * 429 → rate limited (wait `Retry-After`, else 1 s for the SECONDLY search limit, else the rest of the rolling window
 * — `X-HubSpot-RateLimit-Interval-Milliseconds` long, 10 s by default — as estimated by the caller); a DAILY 429 is
 * not retried;
 * 5xx and network errors → retryable; other 4xx → not retryable, with HubSpot's `category` as the code and its
 * message. Messages never contain a token: every text goes through {@link redactSecrets}, and raw SDK messages (which
 * embed response headers) are never used.
 */

/** A non-2xx answer to a raw `client.apiRequest` call. */
export class HubSpotHttpError extends Error {
  override readonly name = 'HubSpotHttpError';
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string>,
  ) {
    super(`HubSpot answered HTTP ${status}`);
  }
}

/** Our own per-request timeout (the SDK has none). */
export class HubSpotTimeoutError extends Error {
  override readonly name = 'HubSpotTimeoutError';
  readonly code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`no answer from HubSpot within ${ms} ms`);
  }
}

/**
 * A batch write whose outcome is unknown (the connection dropped or HubSpot answered 5xx after the request was sent):
 * thrown instead of letting the policy resend a non-idempotent create; the adapter looks the records up first.
 */
export class AmbiguousWriteError extends Error {
  override readonly name = 'AmbiguousWriteError';
  constructor(readonly failure: FailureInfo) {
    super(failure.message);
  }
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNABORTED', 'UND_ERR_SOCKET']);
const MAX_MESSAGE = 600;

/** Replaces every known secret (≥ 6 characters) in a text with `[redacted]`. */
export function redactSecrets(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 6) out = out.split(s).join('[redacted]');
  return out;
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as Record<string, unknown>;
  const v = h[name] ?? h[name.toLowerCase()] ?? Object.entries(h).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  return typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : undefined;
}

interface HubSpotBody {
  status?: string;
  message?: string;
  category?: string;
  policyName?: string;
  errorType?: string;
  errors?: { message?: string; code?: string; context?: Record<string, unknown> }[];
}

function bodyOf(b: unknown): HubSpotBody {
  if (typeof b === 'string') {
    try {
      return JSON.parse(b) as HubSpotBody;
    } catch {
      return { message: b.slice(0, 200) };
    }
  }
  return b && typeof b === 'object' ? (b as HubSpotBody) : {};
}

/**
 * Maps any thrown value to a {@link FailureInfo}.
 * @param err the thrown value
 * @param ctx.secrets values to redact from messages (the tokens in use)
 * @param ctx.tenSecondWaitMs the caller's estimate, in ms, of when its rolling window (of the given length: the
 *   `X-HubSpot-RateLimit-Interval-Milliseconds` header, else 10 000) frees, for a TEN_SECONDLY_ROLLING 429 without
 *   Retry-After; without an estimate the whole interval is waited
 */
export function classifyHubSpotError(
  err: unknown,
  ctx: { secrets: Iterable<string | undefined>; tenSecondWaitMs?: (intervalMs: number) => number | undefined },
): FailureInfo {
  const clean = (s: string): string => {
    const r = redactSecrets(s, ctx.secrets);
    return r.length > MAX_MESSAGE ? `${r.slice(0, MAX_MESSAGE)}…` : r;
  };
  if (err instanceof AmbiguousWriteError) return { ...err.failure, retryable: false, code: 'AMBIGUOUS_WRITE' };
  if (err instanceof CrmError) {
    return { retryable: err.info.retryable ?? false, message: clean(err.message), ...(err.info.status ? { status: err.info.status } : {}), ...(err.info.code ? { code: err.info.code } : {}) };
  }
  if (err instanceof OAuthError) {
    return { retryable: err.details.retryable ?? false, message: clean(err.message), code: err.code === 'refresh_rejected' || err.code === 'not_connected' ? 'INVALID_AUTHENTICATION' : `OAUTH_${err.code.toUpperCase()}` };
  }
  if (err instanceof HubSpotTimeoutError) return { retryable: true, message: err.message, code: 'ETIMEDOUT' };

  const e = err as { code?: unknown; body?: unknown; headers?: unknown; status?: unknown; type?: unknown; errno?: unknown };
  const status = err instanceof HubSpotHttpError ? err.status : typeof e?.code === 'number' ? e.code : undefined;
  if (status !== undefined) {
    const body = bodyOf(e.body);
    const msg = body.message ? clean(body.message) : `HTTP ${status}`;
    if (status >= 200 && status < 300) {
      return { retryable: false, status, code: 'UNEXPECTED_STATUS', message: `HubSpot answered HTTP ${status}, a status the API does not document for this call` };
    }
    if (status === 429) {
      const policy = body.policyName;
      if (policy === 'DAILY') return { retryable: false, status, code: 'RATE_LIMIT_DAILY', message: msg };
      const retryAfter = Number(header(e.headers, 'retry-after'));
      let wait: number | undefined = Number.isFinite(retryAfter) && header(e.headers, 'retry-after') !== undefined ? Math.max(0, retryAfter * 1000) : undefined;
      if (wait === undefined && (policy === 'SECONDLY' || body.message === 'You have reached your secondly limit.')) wait = 1_000;
      const headerInterval = Number(header(e.headers, 'x-hubspot-ratelimit-interval-milliseconds'));
      const interval = Number.isFinite(headerInterval) && headerInterval > 0 ? headerInterval : 10_000;
      if (wait === undefined) wait = ctx.tenSecondWaitMs?.(interval) ?? interval;
      return { retryable: true, rateLimited: true, retryAfterMs: wait, status, code: policy ?? 'RATE_LIMIT', message: msg };
    }
    const category = body.category ?? body.status;
    if (status >= 500) return { retryable: true, status, ...(category ? { code: category } : {}), message: msg };
    if (status === 403 && category === 'MISSING_SCOPES') {
      const scopes = (body.errors ?? []).flatMap((x) => Object.values(x.context ?? {}).flat()).filter((s): s is string => typeof s === 'string');
      return { retryable: false, status, code: category, message: clean(`${msg}${scopes.length ? ` (required: ${scopes.join(', ')})` : ''}`) };
    }
    return { retryable: false, status, ...(category ? { code: category } : {}), message: msg };
  }

  const code = typeof e?.code === 'string' ? e.code : typeof e?.errno === 'string' ? e.errno : undefined;
  const text = err instanceof Error ? err.message : String(err);
  if ((code && NETWORK_CODES.has(code)) || e?.type === 'system' || /socket hang up|ECONNRESET|network|timed? ?out/i.test(text)) {
    return { retryable: true, code: code ?? 'NETWORK', message: `network error talking to HubSpot (${code ?? 'connection failed'})` };
  }
  if (e?.type === 'invalid-json' || e?.type === 'body-timeout') return { retryable: true, code: 'BAD_RESPONSE', message: 'HubSpot sent an unreadable response' };
  return { retryable: false, code: 'UNEXPECTED', message: clean(`unexpected error: ${text}`) };
}

/** The HTTP status of an SDK `ApiException` or a {@link HubSpotHttpError}; undefined for other errors. */
export function httpStatusOf(err: unknown): number | undefined {
  if (err instanceof HubSpotHttpError) return err.status;
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Whether a failure may have happened after HubSpot applied the write (the answer was lost or was a 5xx). */
export function isAmbiguous(f: FailureInfo): boolean {
  return f.retryable && !f.rateLimited;
}
