import type { CrmHistory } from '@shared/index';
import type { CrmRecord, HistoryQuery } from '../types';

/**
 * What Salesforce knows about many leads at once (the `crm` enrichment source's batched lookup), in a fixed number
 * of rounds of SOQL queries whatever the number of leads (each query's IN list / OR'ed LIKEs batched within the URI
 * budget by the adapter):
 *
 * 1. persons (Lead, or Contact in Contact + Account mode) by the external-ID field when configured, then by Email for
 *    the rest — `Owner.Name` in the same queries;
 * 2. accounts: the contacts' `AccountId`s (`Id IN (…)`) and, for the other leads, by website domain (`Website LIKE`,
 *    read in both modes); a lead whose contact's account is gone falls back to its domain;
 * 3. open opportunities counted per account in one aggregate query
 *    (`SELECT AccountId, COUNT(Id) FROM Opportunity WHERE IsClosed = false AND AccountId IN (…) GROUP BY AccountId`).
 *
 * Per lead, the answer is the one the per-lead lookup gives (see {@link assembleSalesforceHistory}).
 */

/** The batched reads {@link readSalesforceHistories} needs (the adapter's SOQL helpers). */
export interface SalesforceHistoryReads {
  /** Persons by the external-ID field, keyed by the ids as given. */
  personsByLeadId(leadIds: string[], fields: string[]): Promise<Map<string, CrmRecord>>;
  /** Persons by Email, keyed lowercased (the oldest record per email). */
  personsByEmail(emails: string[], fields: string[]): Promise<Map<string, CrmRecord>>;
  /** Accounts by id, keyed by the ids as given. */
  accountsById(ids: string[], fields: string[]): Promise<Map<string, CrmRecord>>;
  /** Accounts by website domain (lowercased, no `www.`). */
  accountsByDomain(domains: string[], fields: string[]): Promise<Map<string, CrmRecord>>;
  /** Open opportunities per account id (accounts without any may be absent). */
  openOpportunities(accountIds: string[]): Promise<Map<string, number>>;
}

/** Account fields the history reads. */
export const ACCOUNT_HISTORY = ['Type', 'OwnerId', 'Owner.Name', 'LastActivityDate', 'Website'];

/** Person fields the history reads in each mode. */
export function personHistoryFields(mode: 'lead' | 'contact_account'): string[] {
  return mode === 'lead' ? ['OwnerId', 'Owner.Name', 'Status', 'LastActivityDate'] : ['OwnerId', 'Owner.Name', 'AccountId', 'LastActivityDate'];
}

/** A domain as the account lookup keys it: trimmed, lowercased, without `www.`. */
export function historyDomain(d: string | undefined): string | undefined {
  return d?.trim().toLowerCase().replace(/^www\./, '') || undefined;
}

/**
 * Histories of many leads in batched rounds (see the file comment).
 * @param queries one per lead: email, domain, LeadForge lead id (any may be missing)
 * @param o.mode `lead` or `contact_account`; o.externalIdField the person field holding the LeadForge lead id, if any
 * @returns one CrmHistory per query, in input order (no ids when Salesforce knows neither person nor account)
 * @throws CrmError when a query fails after the request policy's retries
 */
export async function readSalesforceHistories(
  queries: HistoryQuery[],
  o: { mode: 'lead' | 'contact_account'; externalIdField?: string | undefined },
  reads: SalesforceHistoryReads,
): Promise<CrmHistory[]> {
  const personFields = personHistoryFields(o.mode);
  const q = queries.map((x) => ({ email: x.email?.trim().toLowerCase() || undefined, domain: historyDomain(x.domain), leadId: x.leadId || undefined }));

  // 1. persons: by lead id (external-ID field), else by email
  const byLeadId = o.externalIdField ? await reads.personsByLeadId(distinct(q.map((x) => x.leadId)), personFields) : new Map<string, CrmRecord>();
  const emails = distinct(q.map((x) => (x.email && !(x.leadId && byLeadId.has(x.leadId)) ? x.email : undefined)));
  const byEmail = emails.length ? await reads.personsByEmail(emails, personFields) : new Map<string, CrmRecord>();
  const persons = q.map((x) => (x.leadId ? byLeadId.get(x.leadId) : undefined) ?? (x.email ? byEmail.get(x.email) : undefined));

  // 2. accounts: the contact's, else (and when it is gone) by website domain
  const accountIdOf = persons.map((p) => p?.properties.AccountId || undefined);
  const firstDomains = distinct(q.map((x, i) => (accountIdOf[i] ? undefined : x.domain)));
  const [byId, byDomain] = await Promise.all([
    reads.accountsById(distinct(accountIdOf), ACCOUNT_HISTORY),
    firstDomains.length ? reads.accountsByDomain(firstDomains, ACCOUNT_HISTORY) : Promise.resolve(new Map<string, CrmRecord>()),
  ]);
  const looked = new Set(firstDomains);
  const lateDomains = distinct(q.map((x, i) => (accountIdOf[i] && !byId.has(accountIdOf[i]!) && x.domain && !looked.has(x.domain) ? x.domain : undefined)));
  if (lateDomains.length) for (const [d, r] of await reads.accountsByDomain(lateDomains, ACCOUNT_HISTORY)) byDomain.set(d, r);
  const accounts = q.map((x, i) => (accountIdOf[i] ? byId.get(accountIdOf[i]!) : undefined) ?? (x.domain ? byDomain.get(x.domain) : undefined));

  // 3. open opportunities per account
  const accountIds = distinct(accounts.map((a) => a?.id));
  const open = accountIds.length ? await reads.openOpportunities(accountIds) : new Map<string, number>();
  return q.map((_, i) => assembleSalesforceHistory(o.mode, persons[i], accounts[i], accounts[i] ? (open.get(accounts[i]!.id) ?? 0) : 0));
}

/**
 * One lead's history: the person's Owner (else the account's), lifecycle stage = Lead `Status` (lead mode) or
 * Account `Type` (Contact + Account mode), last activity = the later `LastActivityDate` of person and account,
 * open opportunities of the account, isCustomer = Account Type contains "Customer".
 */
export function assembleSalesforceHistory(mode: 'lead' | 'contact_account', person: CrmRecord | undefined, account: CrmRecord | undefined, openDeals: number): CrmHistory {
  const h: CrmHistory = { kind: 'salesforce', openDeals: 0, isCustomer: false };
  const dates: string[] = [];
  if (person) {
    h.personId = person.id;
    if (person.properties.OwnerId) h.ownerId = person.properties.OwnerId;
    if (person.properties['Owner.Name']) h.ownerName = person.properties['Owner.Name'];
    if (mode === 'lead' && person.properties.Status) h.lifecycleStage = person.properties.Status;
    if (person.properties.LastActivityDate) dates.push(person.properties.LastActivityDate);
  }
  if (account) {
    h.accountId = account.id;
    const type = account.properties.Type ?? undefined;
    if (type) {
      if (mode === 'contact_account') h.lifecycleStage = type;
      h.isCustomer = /customer/i.test(type);
    }
    if (!h.ownerId && account.properties.OwnerId) h.ownerId = account.properties.OwnerId;
    if (!h.ownerName && account.properties['Owner.Name']) h.ownerName = account.properties['Owner.Name'];
    if (account.properties.LastActivityDate) dates.push(account.properties.LastActivityDate);
    h.openDeals = openDeals;
  }
  if (dates.length) h.lastActivityAt = dates.sort().at(-1)!;
  return h;
}

function distinct(xs: (string | undefined)[]): string[] {
  return [...new Set(xs.filter((x): x is string => !!x))];
}
