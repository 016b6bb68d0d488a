/**
 * Names the HubSpot adapter relies on. Custom properties live in the property group `leadforge`
 * (https://developers.hubspot.com/docs/api/crm/properties#property-groups).
 */

/** Property group for every LeadForge property, on contacts, companies and the activity object. */
export const LEADFORGE_GROUP = { name: 'leadforge', label: 'LeadForge' } as const;

/** Unique contact property holding the LeadForge lead id: the upsert key for persons without an email. */
export const LEAD_ID_PROPERTY = 'leadforge_lead_id';
/**
 * Unique company property holding LeadForge's company key (the normalised domain, else `name:<normalised name>`):
 * the upsert key for companies, since HubSpot's `domain` is not unique and cannot be an idProperty.
 */
export const COMPANY_KEY_PROPERTY = 'leadforge_company_key';
/**
 * Property on notes/tasks holding the activity's idempotency key. Engagements cannot have unique properties, so it is
 * a plain property, looked up through the person's associations (consistent, unlike CRM search).
 */
export const ACTIVITY_KEY_PROPERTY = 'leadforge_activity_key';

/** Batch sizes: objects batch endpoints take ≤ 100 inputs (https://developers.hubspot.com/docs/api/crm/contacts). */
export const OBJECT_BATCH_SIZE = 100;
/** Associations v4 batch writes: kept at 100 inputs per call. */
export const ASSOCIATION_BATCH_SIZE = 100;
/** Associations v4 batch read: ≤ 1,000 ids (https://developers.hubspot.com/changelog/bug-fix-batch-read-limit-for-hubspot-associations-api). */
export const ASSOCIATION_READ_BATCH_SIZE = 1000;
/** CRM search page size (max 200, https://developers.hubspot.com/docs/api/crm/search). */
export const SEARCH_PAGE_SIZE = 200;
/** Values per IN filter in a search. */
export const SEARCH_IN_VALUES = 100;
/**
 * Filter groups per search (OR'ed; at most 5 groups, 10 filters per group, 25 filters in all:
 * https://developers.hubspot.com/changelog/breaking-change-expanded-filtering-capabilities-and-error-messaging-in-hubspots-search-api).
 */
export const SEARCH_FILTER_GROUPS = 5;

/**
 * Scopes the adapter needs for everything it does (read/write contacts and companies, read deals and owners,
 * read/write property schemas): https://developers.hubspot.com/docs/api/scopes.
 */
export const HUBSPOT_REQUIRED_SCOPES = [
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.companies.read',
  'crm.objects.companies.write',
  'crm.objects.deals.read',
  'crm.objects.owners.read',
  'crm.schemas.contacts.read',
  'crm.schemas.contacts.write',
  'crm.schemas.companies.read',
  'crm.schemas.companies.write',
] as const;

/** Vault names (see electron/core/secrets.ts). */
export const HUBSPOT_SECRETS = {
  accessToken: 'hubspot.accessToken',
  refreshToken: 'hubspot.refreshToken',
  expiresAt: 'hubspot.expiresAt',
  clientSecret: 'hubspot.clientSecret',
} as const;
