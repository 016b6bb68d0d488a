import { z } from 'zod';
import type { CrmHistory } from '@shared/index';
import { CrmError, type CrmRecord, type HistoryQuery } from '../types';
import { normalizeDomain } from './records';

/**
 * What HubSpot knows about many leads at once (the `crm` enrichment source's batched lookup), in a fixed number of
 * rounds of batch calls whatever the number of leads:
 *
 * 1. contacts: by email (batch read, `idProperty: 'email'`) for the leads with one, by `leadforge_lead_id` for the
 *    others (the sync upserts contacts by email when the lead has one, by lead id otherwise, so that is where a
 *    LeadForge-made contact is; a lead with an email is not looked up by lead id as well — that would double the
 *    contact reads of a list for the rare contact whose email a rep changed);
 * 2. companies: the contacts' primary companies (`associatedcompanyid`, batch read by id) and, for the other leads,
 *    by domain (batch read by `leadforge_company_key`, then CRM search `domain IN (…)`); a lead whose contact's company
 *    is gone falls back to its domain;
 * 3. at once: owner names (the owners list, cached by the adapter) and open deals (associations v4 batch read
 *    companies → deals, or contacts → deals for a contact without company, then a batch read of those deals'
 *    `hs_is_closed` / `dealstage`).
 *
 * Per lead, the answer is the one the per-lead lookup gives (see {@link assembleHistory}).
 */

/** Contact properties the history reads. */
export const CONTACT_HISTORY = ['hubspot_owner_id', 'lifecyclestage', 'notes_last_updated', 'hs_last_sales_activity_timestamp', 'associatedcompanyid'];
/** Company properties the history reads. */
export const COMPANY_HISTORY = ['hubspot_owner_id', 'lifecyclestage', 'notes_last_updated', 'domain', 'name'];
/** Deal properties that say whether a deal is open. */
export const DEAL_HISTORY = ['dealstage', 'hs_is_closed'];

/** The batched reads {@link readHubSpotHistories} needs (the adapter's, each chunked to HubSpot's batch sizes). */
export interface HubSpotHistoryReads {
  /** Contacts by email; keys lowercased. */
  contactsByEmail(emails: string[], properties: string[]): Promise<Map<string, CrmRecord>>;
  /** Contacts by `leadforge_lead_id` (empty when the property does not exist). */
  contactsByLeadId(leadIds: string[], properties: string[]): Promise<Map<string, CrmRecord>>;
  /** Companies by id. */
  companiesById(ids: string[], properties: string[]): Promise<Map<string, CrmRecord>>;
  /** Companies by normalised domain. */
  companiesByDomain(domains: string[], properties: string[]): Promise<Map<string, CrmRecord>>;
  /** Deal ids associated with each record of `from` (records without deals are absent). */
  dealIdsOf(from: 'companies' | 'contacts', ids: string[]): Promise<Map<string, string[]>>;
  /** Deals by id. */
  dealsById(ids: string[], properties: string[]): Promise<Map<string, CrmRecord>>;
  /** Owner names by owner id (unknown / archived owners absent). */
  ownerNames(ownerIds: string[]): Promise<Map<string, string>>;
}

/**
 * Histories of many leads in batched rounds (see the file comment).
 * @param queries one per lead: email, domain, LeadForge lead id (any may be missing)
 * @returns one CrmHistory per query, in input order (no ids when HubSpot knows neither the person nor the company)
 * @throws CrmError when a call fails after the request policy's retries
 */
export async function readHubSpotHistories(queries: HistoryQuery[], reads: HubSpotHistoryReads): Promise<CrmHistory[]> {
  const q = queries.map((x) => ({
    email: x.email?.trim().toLowerCase() || undefined,
    domain: normalizeDomain(x.domain) || undefined,
    leadId: x.leadId || undefined,
  }));

  // 1. persons (both reads at once)
  const leadIdsWanted = distinct(q.map((x) => (x.email ? undefined : x.leadId)));
  const [byEmail, byLeadId] = await Promise.all([
    reads.contactsByEmail(distinct(q.map((x) => x.email)), CONTACT_HISTORY),
    leadIdsWanted.length ? reads.contactsByLeadId(leadIdsWanted, CONTACT_HISTORY) : Promise.resolve(new Map<string, CrmRecord>()),
  ]);
  const persons = q.map((x) => (x.email ? byEmail.get(x.email) : x.leadId ? byLeadId.get(x.leadId) : undefined));

  // 2. accounts: the contact's primary company, else (and when that company is gone) by domain
  const companyIdOf = persons.map((p) => p?.properties.associatedcompanyid || undefined);
  const firstDomains = distinct(q.map((x, i) => (companyIdOf[i] ? undefined : x.domain)));
  const [byId, byDomain] = await Promise.all([
    reads.companiesById(distinct(companyIdOf), COMPANY_HISTORY),
    reads.companiesByDomain(firstDomains, COMPANY_HISTORY),
  ]);
  const looked = new Set(firstDomains);
  const lateDomains = distinct(q.map((x, i) => (companyIdOf[i] && !byId.has(companyIdOf[i]!) && x.domain && !looked.has(x.domain) ? x.domain : undefined)));
  if (lateDomains.length) for (const [d, r] of await reads.companiesByDomain(lateDomains, COMPANY_HISTORY)) byDomain.set(d, r);
  const accounts = q.map((x, i) => (companyIdOf[i] ? byId.get(companyIdOf[i]!) : undefined) ?? (x.domain ? byDomain.get(x.domain) : undefined));

  // 3. owners and open deals, at once
  const ownerIds = distinct(persons.map((p, i) => ownerIdOf(p, accounts[i])));
  const dealCompanies = distinct(accounts.map((a) => a?.id));
  const dealContacts = distinct(persons.map((p, i) => (accounts[i] ? undefined : p?.id)));
  const [owners, openByCompany, openByContact] = await Promise.all([
    ownerIds.length ? reads.ownerNames(ownerIds) : Promise.resolve(new Map<string, string>()),
    ...[['companies', dealCompanies] as const, ['contacts', dealContacts] as const].map(async ([from, ids]) => {
      const dealIds = ids.length ? await reads.dealIdsOf(from, ids) : new Map<string, string[]>();
      const all = distinct([...dealIds.values()].flat());
      const deals = all.length ? await reads.dealsById(all, DEAL_HISTORY) : new Map<string, CrmRecord>();
      const open = new Map<string, number>();
      for (const [id, list] of dealIds) open.set(id, distinct(list).filter((d) => isOpenDeal(deals.get(d))).length);
      return open;
    }),
  ]);

  return q.map((_, i) => {
    const person = persons[i];
    const account = accounts[i];
    const openDeals = account ? (openByCompany!.get(account.id) ?? 0) : person ? (openByContact!.get(person.id) ?? 0) : 0;
    return assembleHistory(person, account, owners, openDeals);
  });
}

/** The owner of a lead: the contact's, else the company's. */
function ownerIdOf(person: CrmRecord | undefined, account: CrmRecord | undefined): string | undefined {
  return person?.properties.hubspot_owner_id ?? account?.properties.hubspot_owner_id ?? undefined;
}

/** Open = not `hs_is_closed` and not in a closed stage (a deal that was not returned counts as closed). */
function isOpenDeal(d: CrmRecord | undefined): boolean {
  return !!d && d.properties.hs_is_closed !== 'true' && !['closedwon', 'closedlost'].includes(d.properties.dealstage ?? '');
}

/**
 * One lead's history from its contact and company: owner id (the contact's, else the company's) and name, lifecycle
 * stage (likewise), last activity (`notes_last_updated`, else `hs_last_sales_activity_timestamp`, else the company's
 * `notes_last_updated`; ISO-8601), open deals, and `isCustomer` when either lifecycle stage is `customer`.
 */
export function assembleHistory(person: CrmRecord | undefined, account: CrmRecord | undefined, owners: Map<string, string>, openDeals: number): CrmHistory {
  const ownerId = ownerIdOf(person, account);
  const ownerName = ownerId ? owners.get(ownerId) : undefined;
  const lifecycleStage = person?.properties.lifecyclestage ?? account?.properties.lifecyclestage ?? undefined;
  const last = person?.properties.notes_last_updated ?? person?.properties.hs_last_sales_activity_timestamp ?? account?.properties.notes_last_updated ?? undefined;
  return {
    kind: 'hubspot',
    ...(person ? { personId: person.id } : {}),
    ...(account ? { accountId: account.id } : {}),
    ...(ownerId ? { ownerId } : {}),
    ...(ownerName ? { ownerName } : {}),
    ...(lifecycleStage ? { lifecycleStage } : {}),
    ...(last ? { lastActivityAt: toIso(last) } : {}),
    openDeals,
    isCustomer: lifecycleStage === 'customer' || account?.properties.lifecyclestage === 'customer',
  };
}

/** HubSpot datetimes are ISO strings in v3, epoch ms in some properties: both → ISO-8601. */
export function toIso(v: string): string {
  if (/^\d{10,14}$/.test(v)) return new Date(Number(v)).toISOString();
  const t = Date.parse(v);
  return Number.isNaN(t) ? v : new Date(t).toISOString();
}

function distinct(xs: (string | undefined)[]): string[] {
  return [...new Set(xs.filter((x): x is string => !!x))];
}

// ---- boundary schemas ----------------------------------------------------------------------------------------------

const AssociationBatchSchema = z.object({
  results: z
    .array(
      z.object({
        _from: z.object({ id: z.union([z.string(), z.number()]).transform(String) }),
        to: z.array(z.object({ toObjectId: z.union([z.string(), z.number()]).transform(String) })).default([]),
        paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
      }),
    )
    .default([]),
});

/**
 * Reads an associations v4 batch read answer (`BatchResponsePublicAssociationMultiWithLabel[WithErrors]`; ids without
 * associations come back in `errors`, which mean "none").
 * https://developers.hubspot.com/docs/api/crm/associations/associations-v4
 * @returns per from-id: the associated ids and the `after` cursor when HubSpot paged that record's associations
 * @throws CrmError `BAD_RESPONSE` when the shape is not HubSpot's
 */
export function parseAssociationBatch(res: unknown, what: string): { from: string; to: string[]; after?: string }[] {
  const p = AssociationBatchSchema.safeParse(res);
  if (!p.success) throw new CrmError(`hubspot ${what}: unexpected response shape`, { kind: 'hubspot', code: 'BAD_RESPONSE', retryable: false });
  return p.data.results.map((r) => ({ from: r._from.id, to: r.to.map((t) => t.toObjectId), ...(r.paging?.next?.after ? { after: r.paging.next.after } : {}) }));
}

const OwnersPageSchema = z.object({
  results: z
    .array(
      z.object({
        id: z.union([z.string(), z.number()]).transform(String),
        firstName: z.string().nullish(),
        lastName: z.string().nullish(),
        email: z.string().nullish(),
      }),
    )
    .default([]),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

/**
 * Reads one page of GET /crm/v3/owners (https://developers.hubspot.com/docs/api/crm/owners).
 * @returns owner id → display name ("First Last", else the email) and the next page's cursor
 * @throws CrmError `BAD_RESPONSE` when the shape is not HubSpot's
 */
export function parseOwnersPage(res: unknown): { names: Map<string, string>; after?: string } {
  const p = OwnersPageSchema.safeParse(res);
  if (!p.success) throw new CrmError('hubspot owners read: unexpected response shape', { kind: 'hubspot', code: 'BAD_RESPONSE', retryable: false });
  const names = new Map<string, string>();
  for (const o of p.data.results) {
    const name = [o.firstName, o.lastName].filter(Boolean).join(' ') || o.email || '';
    if (name) names.set(o.id, name);
  }
  return { names, ...(p.data.paging?.next?.after ? { after: p.data.paging.next.after } : {}) };
}
