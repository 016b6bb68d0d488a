import type { CrmKind, Settings } from '@shared/index';
import type { SecretStore } from '../secrets';
import type { CreateHubSpotAdapterOptions } from './hubspot';
import type { SalesforceAdapterOptions } from './salesforce';
import type { CrmAdapter } from './types';

/**
 * How the CRM runtime builds adapters and runs connect flows. The default ({@link defaultAdapterFactory}) uses
 * the HubSpot (`crm/hubspot`, @hubspot/api-client) and Salesforce (`crm/salesforce`, jsforce) adapters; tests
 * inject fakes.
 */
export interface AdapterFactory {
  /**
   * An adapter on the stored credentials (`<kind>.accessToken`, refresh token, instance URL…), or undefined
   * when the CRM is not connected. @throws CrmError / Error when the settings are unusable.
   */
  fromSecrets(kind: CrmKind, settings: Settings, secrets: SecretStore): Promise<CrmAdapter | undefined>;
  /**
   * Tests credentials the rep pasted (HubSpot private-app token; Salesforce instance URL + access token) and,
   * when the CRM accepts them, stores them in `secrets` (replacing any OAuth tokens).
   * @returns the account label and user. @throws CrmError with the CRM's message; nothing is stored on failure
   */
  connectToken(kind: CrmKind, settings: Settings, secrets: SecretStore, creds: { accessToken: string; instanceUrl?: string }): Promise<{ account?: string; user?: string }>;
  /**
   * Runs the OAuth flow in the system browser (loopback redirect on 127.0.0.1) and stores the tokens in `secrets`.
   * @returns the account label and user. @throws CrmError / OAuthError with what failed (never a token)
   */
  connectOAuth(kind: CrmKind, settings: Settings, secrets: SecretStore, openExternal: (url: string) => Promise<void>): Promise<{ account?: string; user?: string }>;
  /** Releases an adapter's timers (the request policy's circuit breaker). */
  close?(adapter: CrmAdapter): Promise<void> | void;
}

/** Adapter tuning (rate limits, request-policy timings): tests and benchmarks; production uses the defaults. */
export interface AdapterTuning {
  hubspot?: CreateHubSpotAdapterOptions['adapter'];
  salesforce?: Partial<Omit<SalesforceAdapterOptions, 'settings' | 'secrets'>>;
}

/**
 * The production adapter factory: HubSpot via @hubspot/api-client (`createHubSpotAdapter`, `connectHubSpotToken`,
 * `connectHubSpotOAuth`), Salesforce via jsforce (`createSalesforceAdapter`, `connectSalesforceToken`,
 * `connectSalesforceOAuth`). Input: optional tuning. Output: an {@link AdapterFactory}.
 */
export function createAdapterFactory(tuning: AdapterTuning = {}): AdapterFactory {
  // The SDKs (@hubspot/api-client, jsforce) load on first use only: a LeadForge without a CRM never pays for them.
  const hubspot = () => import('./hubspot');
  const salesforce = () => import('./salesforce');
  const hsTuning = tuning.hubspot ? { adapter: tuning.hubspot } : {};
  return {
    async fromSecrets(kind, settings, secrets) {
      if (kind === 'hubspot') {
        const token = (await secrets.get('hubspot.accessToken')) ?? (await secrets.get('hubspot.refreshToken'));
        return token ? (await hubspot()).createHubSpotAdapter({ settings, secrets, ...hsTuning }) : undefined;
      }
      const token = (await secrets.get('salesforce.accessToken')) ?? (await secrets.get('salesforce.refreshToken'));
      const instanceUrl = await secrets.get('salesforce.instanceUrl');
      return token && instanceUrl ? (await salesforce()).createSalesforceAdapter({ ...tuning.salesforce, settings, secrets }) : undefined;
    },
    async connectToken(kind, settings, secrets, creds) {
      if (kind === 'hubspot') return (await hubspot()).connectHubSpotToken({ settings, secrets, token: creds.accessToken, ...hsTuning });
      return (await salesforce()).connectSalesforceToken({ settings, secrets, accessToken: creds.accessToken, instanceUrl: creds.instanceUrl ?? '' });
    },
    async connectOAuth(kind, settings, secrets, openExternal) {
      if (kind === 'hubspot') return (await hubspot()).connectHubSpotOAuth({ settings, secrets, openExternal, ...hsTuning });
      return (await salesforce()).connectSalesforceOAuth({ settings, secrets, openExternal });
    },
    close(adapter) {
      (adapter as CrmAdapter & { close?: () => void }).close?.();
    },
  };
}

/** The production adapters with their default rate limits and retry timings. */
export const defaultAdapterFactory: AdapterFactory = createAdapterFactory();
