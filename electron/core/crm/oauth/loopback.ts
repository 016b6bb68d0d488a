import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The loopback redirect receiver of a native app's OAuth flow (RFC 8252 §7.3): an HTTP server bound to the IP
 * literal 127.0.0.1 (never `localhost`, never all interfaces, RFC 8252 §8.3) on an ephemeral port chosen by the
 * OS, serving one path. https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */
export interface LoopbackReceiver {
  /** `http://127.0.0.1:<port><path>`: the redirect_uri to send. */
  redirectUri: string;
  /** Resolves with the query parameters of the first request to the path. Never rejects. */
  callback: Promise<URLSearchParams>;
  /** Stops listening and drops open connections. Idempotent. */
  close(): Promise<void>;
}

/** What the browser tab shows after the redirect. */
export interface CallbackPage {
  ok: boolean;
  title: string;
  text: string;
}

/**
 * Starts a loopback receiver.
 * @param opts.path the callback path (default `/callback`)
 * @param opts.page decides the page shown for the callback's parameters (run once, synchronously)
 * @returns the receiver once it listens
 * @throws the listen error (e.g. EACCES) when the socket cannot be bound
 */
export async function startLoopbackReceiver(opts: {
  path?: string;
  page: (params: URLSearchParams) => CallbackPage;
}): Promise<LoopbackReceiver> {
  const path = opts.path ?? '/callback';
  let deliver!: (p: URLSearchParams) => void;
  const callback = new Promise<URLSearchParams>((resolve) => (deliver = resolve));
  let done = false;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== path) {
      send(res, 404, { ok: false, title: 'Not found', text: 'This address only receives the sign-in redirect.' });
      return;
    }
    if (done) {
      send(res, 409, { ok: false, title: 'Already handled', text: 'This sign-in was already completed. You can close this tab.' });
      return;
    }
    done = true;
    let page: CallbackPage;
    try {
      page = opts.page(url.searchParams);
    } catch {
      page = { ok: false, title: 'Sign-in failed', text: 'Return to LeadForge for details.' };
    }
    send(res, page.ok ? 200 : 400, page);
    deliver(url.searchParams);
  });
  server.keepAliveTimeout = 1_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    redirectUri: `http://127.0.0.1:${port}${path}`,
    callback,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A tiny self-contained page: no scripts, no external resources, no referrer (the URL holds the code). */
function send(res: ServerResponse, status: number, page: CallbackPage): void {
  const html =
    `<!doctype html><html><head><meta charset="utf-8"><title>LeadForge · ${escapeHtml(page.title)}</title></head>` +
    `<body style="font-family:system-ui,sans-serif;margin:4rem auto;max-width:32rem;text-align:center">` +
    `<h1 style="font-size:1.4rem">${escapeHtml(page.title)}</h1><p>${escapeHtml(page.text)}</p></body></html>`;
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    Connection: 'close',
  });
  res.end(html);
}
