import { SettingsSchema, type Settings } from '@shared/index';
import { createHubSpotAdapter, type CreateHubSpotAdapterOptions, type HubSpotAdapter } from '../../../electron/core/crm/hubspot';
import { memorySecrets, type SecretStore } from '../../../electron/core/secrets';
import type { CustomFieldSpec } from '../../../electron/core/crm/types';
import { startHubSpotEmulator, type HubSpotEmulator, type HubSpotEmulatorOptions } from '../../emulators/hubspot';

/** Settings pointing at an emulator. */
export function settingsFor(hs: HubSpotEmulator, hubspot: Partial<Settings['crm']['hubspot']> = {}): Settings {
  return SettingsSchema.parse({
    crm: { active: 'hubspot', hubspot: { baseUrl: hs.url, authorizeUrl: hs.authorizeUrl, clientId: hs.oauth.clientId, ...hubspot } },
  });
}

/** Fast retry timings for tests (the backoff shape is the policy's; only the scale changes). */
export const FAST_POLICY = { baseDelayMs: 20, maxDelayMs: 400, breakerResetMs: 500 } as const;

export interface Rig {
  hs: HubSpotEmulator;
  secrets: SecretStore;
  settings: Settings;
  adapter: HubSpotAdapter;
  close(): Promise<void>;
}

/** An emulator plus an adapter connected with its private-app token. */
export async function rig(
  opts: {
    emulator?: HubSpotEmulatorOptions;
    settings?: Partial<Settings['crm']['hubspot']>;
    adapter?: CreateHubSpotAdapterOptions['adapter'];
    secrets?: Record<string, string>;
  } = {},
): Promise<Rig> {
  const hs = await startHubSpotEmulator({ rateLimit: false, searchRateLimit: false, ...opts.emulator });
  const secrets = memorySecrets({ 'hubspot.accessToken': hs.privateAppToken, ...opts.secrets });
  const settings = settingsFor(hs, opts.settings);
  const adapter = createHubSpotAdapter({ settings, secrets, adapter: { policy: FAST_POLICY, ...opts.adapter } });
  return {
    hs,
    secrets,
    settings,
    adapter,
    async close() {
      adapter.close();
      await hs.close();
    },
  };
}

/** The custom fields the sync engine asks for (a subset of its defaults). */
export const FIELDS: CustomFieldSpec[] = [
  { role: 'person', name: 'leadforge_score', label: 'LeadForge score', type: 'number', fieldType: 'number' },
  { role: 'person', name: 'leadforge_score_reasons', label: 'LeadForge score reasons', type: 'string', fieldType: 'textarea' },
  { role: 'person', name: 'leadforge_classification', label: 'LeadForge classification', type: 'enumeration', fieldType: 'select', options: ['high_intent', 'nurture', 'not_qualified'] },
  { role: 'account', name: 'leadforge_industry', label: 'LeadForge industry', type: 'string', fieldType: 'text' },
];

/** `n` person writes with distinct emails. */
export function persons(n: number, prefix = 'p'): { key: string; properties: Record<string, string> }[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `${prefix}-${i}`,
    properties: { email: `${prefix}${i}@example${i % 7}.com`, firstname: `First${i}`, lastname: `Last${i}`, leadforge_score: String(50 + (i % 50)) },
  }));
}
