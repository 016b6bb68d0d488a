import { SettingsSchema, type Lead, type Settings } from '@shared/index';
import { createAdapterFactory, type AdapterTuning } from '../../../electron/core/crm/adapters';
import { createCrmRuntime, type CrmRuntime } from '../../../electron/core/crm/runtime';
import { memorySecrets, type SecretStore } from '../../../electron/core/secrets';
import { Store } from '../../../electron/core/store/store';
import { startHubSpotEmulator, type HubSpotEmulator, type HubSpotEmulatorOptions } from '../../emulators/hubspot';
import { startCli } from '../../helpers/cli';
import { makeLead, nameOf, processLeads, tempDir } from '../../unit/crm/helpers';

/** Fast retry timings (the policy's backoff shape, scaled down for tests). */
export const FAST_POLICY = { baseDelayMs: 20, maxDelayMs: 400, breakerResetMs: 500 } as const;

/** Settings that sync to the HubSpot emulator. */
export function hubspotSettings(hs: HubSpotEmulator, over: Partial<Settings['crm']> = {}): Settings {
  return SettingsSchema.parse({ pipeline: { dnsEnabled: false }, crm: { active: 'hubspot', hubspot: { baseUrl: hs.url, authorizeUrl: hs.authorizeUrl }, ...over } });
}

const INDUSTRIES = ['SaaS', 'Software', 'Fintech', 'Analytics', 'Marketing'];

/**
 * `n` person leads spread over `n / perCompany` companies (real-looking names: the classifier flags digits in
 * names as spam). Lead i: id `L<i>`, email `<first>.<last>.<i>@co<company>.example`.
 */
export function manyLeads(n: number, perCompany = 3, start = 0): Lead[] {
  return Array.from({ length: n }, (_, k) => {
    const i = start + k;
    const { first, last } = nameOf(i);
    const co = Math.floor(i / perCompany);
    const domain = `co${co}.example`;
    return makeLead({
      id: `L${i}`,
      dedupeKey: `email:${i}`,
      firstName: first,
      lastName: last,
      email: `${first.toLowerCase()}.${last.toLowerCase()}.${i}@${domain}`,
      title: i % 3 === 0 ? 'VP Sales' : i % 3 === 1 ? 'Founder' : 'Head of Growth',
      company: `Company ${String.fromCharCode(65 + (co % 26))}${String.fromCharCode(65 + (Math.floor(co / 26) % 26))}${String.fromCharCode(65 + (Math.floor(co / 676) % 26))}`,
      domain,
      website: `https://${domain}`,
      industry: INDUSTRIES[co % INDUSTRIES.length],
      city: 'San Francisco',
      country: 'United States',
      employees: 20 + (co % 200),
    });
  });
}

export interface HubSpotRig {
  hs: HubSpotEmulator;
  dir: string;
  store: Store;
  secrets: SecretStore;
  settings: Settings;
  runtime: CrmRuntime;
  events: { event: string; payload: unknown }[];
  /** Re-opens the runtime (e.g. after changing settings). */
  close(): Promise<void>;
}

/** A HubSpot emulator, a data dir with the leads processed by the real lead flow, and a CRM runtime on both. */
export async function hubspotRig(opts: { leads: Lead[]; emulator?: HubSpotEmulatorOptions; tuning?: AdapterTuning; crm?: Partial<Settings['crm']>; dir?: string }): Promise<HubSpotRig> {
  const hs = await startHubSpotEmulator({ rateLimit: false, searchRateLimit: false, ...opts.emulator });
  const dir = opts.dir ?? tempDir('leadforge-crm-int-');
  const store = await Store.open({ dataDir: dir });
  const settings = hubspotSettings(hs, opts.crm);
  await processLeads(store, opts.leads, SettingsSchema.parse({ pipeline: { dnsEnabled: false } }));
  const secrets = memorySecrets({ 'hubspot.accessToken': hs.privateAppToken });
  const events: { event: string; payload: unknown }[] = [];
  const runtime = createCrmRuntime({
    store,
    settings: () => settings,
    secrets,
    openExternal: async () => undefined,
    emit: (event, payload) => events.push({ event, payload }),
    adapters: createAdapterFactory(opts.tuning ?? { hubspot: { policy: FAST_POLICY } }),
  });
  return {
    hs, dir, store, secrets, settings, runtime, events,
    async close() {
      await runtime.close();
      await store.close();
      await hs.close();
    },
  };
}

/** Duplicate values of a property among records (e.g. two contacts with one email). */
export function duplicates(records: { properties: Record<string, string | null | undefined> }[], prop: string): string[] {
  const seen = new Map<string, number>();
  for (const r of records) {
    const v = r.properties[prop];
    if (v) seen.set(v.toLowerCase(), (seen.get(v.toLowerCase()) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([v]) => v);
}

/** Runs the real `leadforge` CLI asynchronously (the emulator lives in this process, so spawnSync would starve it). */
export function runCliAsync(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  opts: { killAfterMs?: number; /** Polled every 5 ms; SIGKILLs the child when it returns true. */ killWhen?: () => boolean } = {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const child = startCli(args, env);
  const poll = opts.killWhen
    ? setInterval(() => {
        if (opts.killWhen!()) child.kill('SIGKILL');
      }, 5)
    : undefined;
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const timer = opts.killAfterMs !== undefined ? setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs) : undefined;
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (poll) clearInterval(poll);
      // let the pipes drain
      setTimeout(() => resolve({ code, signal, stdout, stderr }), 20);
    });
  });
}
