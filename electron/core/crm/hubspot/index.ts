/**
 * HubSpot CRM adapter (@hubspot/api-client 13) and its connect flows. See adapter.ts for the mapping of the
 * CrmAdapter contract onto HubSpot's APIs and connect.ts for token and OAuth connections.
 */
export { HubSpotAdapter, type HubSpotAdapterOptions, type AccessTokenSource } from './adapter';
export {
  createHubSpotAdapter,
  connectHubSpotToken,
  connectHubSpotOAuth,
  disconnectHubSpot,
  hubspotOAuthClient,
  hubspotTokenManager,
  type CreateHubSpotAdapterOptions,
} from './connect';
export {
  ACTIVITY_KEY_PROPERTY,
  COMPANY_KEY_PROPERTY,
  HUBSPOT_REQUIRED_SCOPES,
  HUBSPOT_SECRETS,
  LEADFORGE_GROUP,
  LEAD_ID_PROPERTY,
} from './constants';
export { classifyHubSpotError, redactSecrets } from './errors';
export { normalizeDomain, companyNameKey } from './records';
