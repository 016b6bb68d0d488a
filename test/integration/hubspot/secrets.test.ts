import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectHubSpotOAuth, createHubSpotAdapter } from '../../../electron/core/crm/hubspot';
import { memorySecrets } from '../../../electron/core/secrets';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../emulators/hubspot';
import { FIELDS, settingsFor } from './helpers';

/**
 * A planted token must never appear in anything the adapter produces: thrown errors (message, stack, info, JSON),
 * per-record results, or console output — whatever fails (validation, 5xx, dropped connections, timeouts, 401, an
 * undocumented status, a server that echoes the token, OAuth failures).
 */

const PLANTED = 'pat-na1-PLANTED-7f3a9c1e-5b2d-4e8f-a6c7-0d9e1f2a3b4c';
const PLANTED_BAD = 'pat-na1-PLANTED-INVALID-9a8b7c6d5e4f';
const PLANTED_SECRET = 'PLANTED-client-secret-1a2b3c4d5e';

let hs: HubSpotEmulator | undefined;
afterEach(async () => {
  await hs?.close();
  hs = undefined;
  vi.restoreAllMocks();
});

function capture(): { text: () => string } {
  const out: string[] = [];
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void out.push(a.map(String).join(' ')));
  const w = (chunk: unknown): boolean => (out.push(String(chunk)), true);
  vi.spyOn(process.stdout, 'write').mockImplementation(w as never);
  vi.spyOn(process.stderr, 'write').mockImplementation(w as never);
  return { text: () => out.join('\n') };
}

function dump(x: unknown): string {
  if (x instanceof Error) return [x.message, x.stack, JSON.stringify(x), JSON.stringify((x as { info?: unknown }).info), String((x as { cause?: unknown }).cause)].join('\n');
  return JSON.stringify(x);
}

describe('secrets never leak', () => {
  it('keeps a planted private-app token out of every error, result and log line', async () => {
    hs = await startHubSpotEmulator({ rateLimit: false, searchRateLimit: false, privateAppTokens: [PLANTED] });
    const logs = capture();
    const settings = settingsFor(hs);
    const policy = { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 2, breakerResetMs: 50 };
    const adapter = createHubSpotAdapter({ settings, secrets: memorySecrets({ 'hubspot.accessToken': PLANTED }), adapter: { policy, requestTimeoutMs: 200 } });
    const seen: unknown[] = [];
    const attempt = async (p: Promise<unknown>): Promise<void> => void seen.push(await p.catch((e: unknown) => e));

    await adapter.ensureSchema(FIELDS);
    await attempt(adapter.writePersons([{ key: 'bad', properties: { email: 'x@y.io', no_such: '1' } }]));
    hs.serverErrorStorm(5, 500, { match: { path: /batch\/read$/ } });
    await attempt(adapter.findPersonsByEmail(['a@b.io'], []));
    hs.dropConnections(5, { match: { path: /batch\/upsert$/ }, phase: 'before' });
    await attempt(adapter.writePersons([{ key: 'k', properties: { email: 'k@y.io' } }]));
    hs.slowResponses(5, 800, { path: /batch\/upsert$/ });
    await attempt(adapter.writePersons([{ key: 'k2', properties: { email: 'k2@y.io' } }]));
    hs.inject({ match: { path: /properties\/contacts$/ }, fault: { type: 'status', status: 400, category: 'VALIDATION_ERROR', message: `token ${PLANTED} is not allowed here` } });
    await attempt(adapter.describeFields('person'));
    hs.inject({ match: { path: /batch\/upsert$/ }, fault: { type: 'wrongStatus', status: 201 } });
    await attempt(adapter.writePersons([{ key: 'k3', properties: { email: 'k3@y.io' } }]));
    adapter.close();

    const bad = createHubSpotAdapter({ settings, secrets: memorySecrets({ 'hubspot.accessToken': PLANTED_BAD }), adapter: { policy } });
    await attempt(bad.testConnection());
    await attempt(bad.writePersons([{ key: 'z', properties: { email: 'z@y.io' } }]));
    bad.close();

    const errors = seen.filter((x) => x instanceof Error);
    expect(errors.length).toBeGreaterThanOrEqual(6);
    // The echoed token was scrubbed, and the redaction kept the rest of HubSpot's message.
    expect(errors.map((e) => (e as Error).message).join('\n')).toContain('token [redacted] is not allowed here');
    const everything = [...seen.map(dump), logs.text()].join('\n');
    expect(everything).not.toContain(PLANTED);
    expect(everything).not.toContain(PLANTED_BAD);
    expect(everything).not.toContain('PLANTED');
  });

  it('keeps OAuth tokens and the client secret out of OAuth failures', async () => {
    hs = await startHubSpotEmulator({ rateLimit: false, searchRateLimit: false, oauth: { clientSecret: PLANTED_SECRET } });
    const logs = capture();
    const settings = settingsFor(hs);
    const secrets = memorySecrets({ 'hubspot.clientSecret': PLANTED_SECRET });
    const follow = async (url: string): Promise<void> => {
      const page = await fetch(url, { redirect: 'manual' });
      await fetch(page.headers.get('location')!);
    };
    await connectHubSpotOAuth({ settings, secrets, openExternal: follow });
    const access = (await secrets.get('hubspot.accessToken'))!;
    const refresh = (await secrets.get('hubspot.refreshToken'))!;

    // Token rejected, refresh refused: the error must carry neither token nor the secret.
    hs.expireAccessToken(access);
    hs.core.refreshTokens.clear();
    const adapter = createHubSpotAdapter({ settings, secrets, adapter: { policy: { baseDelayMs: 5, maxAttempts: 2 } } });
    const err = await adapter.testConnection().catch((e: unknown) => e);
    adapter.close();
    hs.oauth.clientSecret = 'rotated-secret-xyz';
    const err2 = await connectHubSpotOAuth({ settings, secrets, openExternal: follow }).catch((e: unknown) => e);

    const everything = [dump(err), dump(err2), logs.text()].join('\n');
    expect(err).toBeInstanceOf(Error);
    expect(err2).toBeInstanceOf(Error);
    for (const s of [access, refresh, PLANTED_SECRET]) expect(everything).not.toContain(s);
  });
});
