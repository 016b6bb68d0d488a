import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SettingsSchema } from '@shared/index';
import { createAdapterFactory } from '../../../electron/core/crm/adapters';
import { createCrmRuntime, type CrmRuntime } from '../../../electron/core/crm/runtime';
import { memorySecrets } from '../../../electron/core/secrets';
import { Store } from '../../../electron/core/store/store';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../emulators/hubspot';
import { processLeads, tempDir } from '../../unit/crm/helpers';
import { FAST_POLICY, hubspotSettings, manyLeads } from './helpers';

const TOKEN = 'pat-na1-PLANTED-d41d8cd98f00b204e9800998ecf8427e';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

let hs: HubSpotEmulator | undefined;
let runtime: CrmRuntime | undefined;
let store: Store | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await runtime?.close();
  await store?.close().catch(() => undefined);
  await hs?.close();
  hs = undefined;
  runtime = undefined;
  store = undefined;
});

describe('a planted token never leaks', () => {
  it('is in no store file, log line, event payload, IPC response or error message, even when HubSpot echoes it', async () => {
    const captured: string[] = [];
    for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void captured.push(a.map(String).join(' ')));
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
      captured.push(String(chunk));
      return (out as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write);
    vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
      captured.push(String(chunk));
      return (err as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write);

    hs = await startHubSpotEmulator({ privateAppTokens: [TOKEN], rateLimit: false, searchRateLimit: false });
    const dir = tempDir('leadforge-crm-leak-');
    store = await Store.open({ dataDir: dir });
    await processLeads(store, manyLeads(30), SettingsSchema.parse({ pipeline: { dnsEnabled: false } }));
    const settings = hubspotSettings(hs);
    const events: unknown[] = [];
    const responses: unknown[] = [];
    const errors: string[] = [];
    const secrets = memorySecrets();
    runtime = createCrmRuntime({
      store,
      settings: () => settings,
      secrets,
      openExternal: async () => undefined,
      emit: (event, payload) => events.push({ event, payload }),
      adapters: createAdapterFactory({ hubspot: { policy: FAST_POLICY } }),
    });
    const api = runtime.api;
    const attempt = async (fn: () => Promise<unknown>) => {
      try {
        responses.push(await fn());
      } catch (e) {
        errors.push(`${(e as Error).name}: ${(e as Error).message} ${JSON.stringify(e)}`);
      }
    };

    // a wrong token (the planted one plus a suffix) is refused
    await attempt(() => api['crm:connectToken']({ kind: 'hubspot', accessToken: `${TOKEN}-typo` }));
    expect(errors.at(-1)).toMatch(/^UserFacingError: HubSpot refused/);
    await attempt(() => api['crm:connectToken']({ kind: 'hubspot', accessToken: TOKEN }));
    expect(await secrets.get('hubspot.accessToken')).toBe(TOKEN);
    await attempt(() => api['crm:test']({ kind: 'hubspot' }));
    await attempt(() => api['crm:status']({}));
    await attempt(() => api['crm:mappingGet']({ kind: 'hubspot' }));

    // HubSpot echoes the token in its error messages; 5xx and dropped connections on the way
    const echo = hs.inject({ times: Infinity, match: { method: 'POST', path: '/crm/v3/objects/contacts/batch/upsert' }, fault: { type: 'status', status: 400, category: 'VALIDATION_ERROR', message: `Invalid input: token ${TOKEN} is not allowed here` } });
    hs.serverErrorStorm(3, 502, { match: { path: /\/batch\/read$/ } });
    hs.dropConnections(2, { match: { path: /associations/ } });
    await attempt(() => api['crm:preview']({ kind: 'hubspot' }));
    await attempt(() => api['crm:sync']({ kind: 'hubspot' }));
    const result = responses.at(-1) as { failed: number; errors: { message: string }[] };
    expect(result.failed).toBeGreaterThan(0);
    expect(result.errors[0]!.message).toContain('[redacted]');
    await attempt(() => api['crm:leadStates']({ kind: 'hubspot' }));
    await attempt(() => api['crm:status']({}));
    echo.cancel();
    await attempt(() => api['crm:sync']({ kind: 'hubspot' }));
    expect(responses.at(-1)).toMatchObject({ failed: 0 });

    // the token is revoked in HubSpot: errors name the failure, not the token
    hs.core.tokens.delete(TOKEN);
    await attempt(() => api['crm:test']({ kind: 'hubspot' }));
    expect(responses.at(-1)).toMatchObject({ ok: false, message: expect.stringContaining('Authentication credentials not found') });
    const entries = (responses.find((r) => (r as { appFields?: unknown }).appFields) as { entries: never[] }).entries;
    await attempt(() => api['crm:mappingSave']({ kind: 'hubspot', entries }));
    await attempt(() => api['crm:fields']({ kind: 'hubspot' }));
    expect(errors.at(-1)).toMatch(/^UserFacingError: HubSpot refused the credentials/);
    await attempt(() => api['crm:disconnect']({ kind: 'hubspot' }));

    await runtime.close();
    await store.close();
    const files = filesUnder(dir).map((f) => readFileSync(f, 'utf8'));
    const everything = [...files, ...captured, JSON.stringify(events), JSON.stringify(responses), ...errors].join('\n');
    expect(files.join('\n')).toContain('hubspot:L0');
    expect(events.length).toBeGreaterThan(3);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(TOKEN.slice(8));
  }, 120_000);
});
