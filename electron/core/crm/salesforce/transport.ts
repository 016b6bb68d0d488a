import { AsyncLocalStorage } from 'node:async_hooks';
import type { Connection } from 'jsforce';

/**
 * jsforce's HTTP layer, tamed so that the {@link RequestPolicy} owns every retry.
 *
 * What jsforce 3.10 does on its own (node_modules/jsforce/lib/request.js, `startFetchRequest`): for GET, PUT,
 * HEAD, OPTIONS and DELETE it silently retries HTTP 420/429/500/502/503/504 and network errors (ECONNRESET,
 * ECONNREFUSED, ENOTFOUND, ENETDOWN, ENETUNREACH, EHOSTDOWN, UND_ERR_SOCKET, ETIMEDOUT, EPIPE) up to 5 times with
 * 500 ms × 2^n sleeps (~15.5 s), ignoring Retry-After and invisible to callers; its request timeout defaults to
 * 30 minutes. The options come from `HttpApi._options` → `Transport.httpRequest(req, options)`, which no
 * Connection method lets a caller set.
 *
 * What we do: wrap the connection's transport (`conn._transport`, a public field in jsforce's typings) so every
 * request is sent with `retry: { maxRetries: 0, methods: [], statusCodes: [], errorCodes: [] }` (jsforce's
 * `shouldRetryRequest` returns false before anything else when the method is not listed) and our own per-request
 * `timeout`. The wrapper also records, per call (AsyncLocalStorage), the HTTP status and `Sforce-Limit-Info` of
 * each response, since jsforce's errors do not carry the status.
 *
 * jsforce's other automatic behaviour, the 401 session refresh (http-api.js → SessionRefreshDelegate), is kept
 * and wired to our TokenManager, which refuses a second refresh for a freshly refreshed token (so it cannot loop).
 */

/** What one adapter call saw on the wire. */
export interface CallContext {
  /** HTTP requests sent during the call (a 401 refresh-and-retry makes two). */
  requests: number;
  /** Status of the last response, when one arrived. */
  status?: number;
  /** `Sforce-Limit-Info` of the last response that had one. */
  limitInfo?: string;
}

const calls = new AsyncLocalStorage<CallContext>();

/** Runs `fn` with a fresh call context; the context records what the transport saw. */
export function withCallContext<T>(ctx: CallContext, fn: () => Promise<T>): Promise<T> {
  return calls.run(ctx, fn);
}

/** Options of {@link tameTransport}. */
export interface TransportOptions {
  /** Per-request timeout in ms (jsforce aborts the fetch; the error is an `AbortError`). */
  timeoutMs: number;
  /** Called for every request sent (counts towards adapter stats). */
  onRequest?(): void;
  /** Called with every response's Sforce-Limit-Info header. */
  onLimitInfo?(header: string): void;
}

/**
 * Replaces `conn._transport` with a wrapper that disables jsforce's retries and sets a timeout (see the file
 * comment). Idempotent per connection.
 * @param conn a jsforce Connection
 */
export function tameTransport(conn: Connection, opts: TransportOptions): void {
  const inner = conn._transport as unknown as { httpRequest: (req: unknown, options?: Record<string, unknown>) => PromiseLike<unknown> & object };
  if ((inner as { __leadforgeTamed?: boolean }).__leadforgeTamed) return;
  const wrapped = Object.create(inner) as typeof inner & { __leadforgeTamed: boolean };
  wrapped.__leadforgeTamed = true;
  wrapped.httpRequest = (req, options = {}) => {
    const ctx = calls.getStore();
    if (ctx) ctx.requests++;
    opts.onRequest?.();
    const promise = inner.httpRequest(req, {
      ...options,
      timeout: opts.timeoutMs,
      retry: { maxRetries: 0, methods: [], statusCodes: [], errorCodes: [] },
    });
    promise.then(
      (res) => {
        const r = res as { statusCode?: number; headers?: Record<string, string> } | undefined;
        if (ctx && r?.statusCode !== undefined) ctx.status = r.statusCode;
        const limit = r?.headers?.['sforce-limit-info'];
        if (limit) {
          if (ctx) ctx.limitInfo = limit;
          opts.onLimitInfo?.(limit);
        }
      },
      () => undefined,
    );
    return promise;
  };
  conn._transport = wrapped as unknown as Connection['_transport'];
}

/** Parses `api-usage=N/M` out of a Sforce-Limit-Info header. */
export function parseApiUsage(header: string): { used: number; limit: number } | undefined {
  const m = /api-usage=(\d+)\/(\d+)/.exec(header);
  return m ? { used: Number(m[1]), limit: Number(m[2]) } : undefined;
}
