import type { SecretStore } from '../../secrets';
import { SalesforceAdapter, type SalesforceAdapterOptions } from './adapter';

/**
 * Salesforce for LeadForge: the {@link SalesforceAdapter} (jsforce 3, REST API), its connect flows and helpers.
 * Headless (CLI): `envSecrets()` maps SALESFORCE_INSTANCE_URL + SALESFORCE_ACCESS_TOKEN to the secrets the adapter
 * reads, so `createSalesforceAdapter({ settings, secrets: envSecrets() })` works without a vault.
 */
export { SalesforceAdapter, SALESFORCE_BATCH_SIZE, type SalesforceAdapterOptions, type SalesforceSettings } from './adapter';
export { activityMarker } from './records';
export { connectSalesforceOAuth, connectSalesforceToken, disconnectSalesforce, type SalesforceConnectResult } from './connect';
export { salesforceOAuthConfig, SALESFORCE_SCOPES, isLoopbackUrl } from './oauth-config';
export { soqlString, soqlLikeContains, websiteDomain } from './soql';

/**
 * Builds the Salesforce adapter.
 * @param opts.settings app settings or `settings.crm.salesforce` (mode, apiVersion, externalIdField, loginUrl, clientId)
 * @param opts.secrets where the tokens and instance URL live (vault, envSecrets, memorySecrets)
 * @param opts.baseUrlOverride instance URL to use instead of the stored one (emulators)
 * @returns the adapter (lazy: nothing is sent until a method is called)
 * @throws CrmError for an invalid API version setting
 */
export function createSalesforceAdapter(opts: SalesforceAdapterOptions & { secrets: SecretStore }): SalesforceAdapter {
  return new SalesforceAdapter(opts);
}
