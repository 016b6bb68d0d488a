import { SettingsSchema, type Settings } from '@shared/index';
import { createSalesforceAdapter, type SalesforceAdapter, type SalesforceAdapterOptions } from '../../../electron/core/crm/salesforce/index';
import { memorySecrets, type SecretStore } from '../../../electron/core/secrets';
import { SalesforceEmulator, type SalesforceEmulatorOptions } from '../../emulators/salesforce/index';

/** Settings pointing at the emulator (login host = instance host). */
export function sfSettings(em: SalesforceEmulator, salesforce: Partial<Settings['crm']['salesforce']> = {}): Settings {
  const s = SettingsSchema.parse({});
  s.crm.salesforce = { ...s.crm.salesforce, loginUrl: em.url, clientId: 'leadforge-desktop', ...salesforce };
  return s;
}

/** Fast retry timings so fault tests finish quickly (the policy's logic is unchanged). */
export const FAST: Partial<SalesforceAdapterOptions> = {
  requestTimeoutMs: 1_000,
  totalRequestsWaitMs: 30,
  concurrentWaitMs: 10,
  policy: { baseDelayMs: 5, maxDelayMs: 40, breakerResetMs: 50, maxAttempts: 6 },
};

export interface Harness {
  em: SalesforceEmulator;
  secrets: SecretStore;
  adapter: SalesforceAdapter;
  token: string;
  close(): Promise<void>;
}

/** Starts an emulator, plants a token and builds an adapter over it. */
export async function harness(opts: { mode?: 'lead' | 'contact_account'; externalIdField?: string; emulator?: SalesforceEmulatorOptions; adapter?: Partial<SalesforceAdapterOptions> } = {}): Promise<Harness> {
  const em = await SalesforceEmulator.start(opts.emulator);
  const token = em.plantToken();
  const secrets = memorySecrets({ 'salesforce.accessToken': token, 'salesforce.instanceUrl': em.url });
  const adapter = createSalesforceAdapter({
    settings: sfSettings(em, { mode: opts.mode ?? 'lead', ...(opts.externalIdField ? { externalIdField: opts.externalIdField } : {}) }),
    secrets,
    ...FAST,
    ...opts.adapter,
  });
  return {
    em,
    secrets,
    adapter,
    token,
    close: async () => {
      adapter.close();
      await em.close();
    },
  };
}

/** n person writes with distinct emails. */
export function leads(n: number, prefix = 'lead'): { key: string; properties: Record<string, string> }[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `${prefix}-${i}`,
    properties: { FirstName: `First${i}`, LastName: `Last${i}`, Company: `Company ${i}`, Email: `${prefix}${i}@example${i % 7}.com` },
  }));
}
