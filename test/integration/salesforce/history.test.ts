import { afterEach, describe, expect, it } from 'vitest';
import type { CrmHistory } from '@shared/index';
import type { HistoryQuery } from '../../../electron/core/crm/types';
import { harness, type Harness } from './helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Decoded SOQL of the emulator's query requests so far. */
function soqlSent(x: Harness): string[] {
  return x.em.dataRequests('GET', /\/query$/).map((e) => new URLSearchParams(e.search).get('q') ?? '');
}

/**
 * Contact + Account mode. Lead `i` is one of five kinds (i % 5):
 * 0 known person (Contact by email, owned by Jane, its Account with 1 open + 1 closed opportunity, a completed Task);
 * 1 known account only (Website `https://www.only<i>.io/`);
 * 2 customer account (Type "Customer - Direct", 2 open opportunities), lead without email;
 * 3 contact owned by Jane, without account;
 * 4 unknown.
 */
function seedLead(x: Harness, i: number, jane: string): { query: HistoryQuery; expected: CrmHistory } {
  const em = x.em;
  const base: CrmHistory = { kind: 'salesforce', openDeals: 0, isCustomer: false };
  switch (i % 5) {
    case 0: {
      const acct = em.insert('Account', { Name: `Known ${i}`, Website: `known${i}.io`, Type: 'Prospect', OwnerId: jane });
      const contact = em.insert('Contact', { LastName: 'Lee', Email: `cto${i}@known${i}.io`, AccountId: acct, OwnerId: jane });
      em.insert('Opportunity', { Name: 'Open', AccountId: acct, StageName: 'Prospecting', CloseDate: '2026-12-01' });
      em.insert('Opportunity', { Name: 'Won', AccountId: acct, StageName: 'Closed Won', CloseDate: '2026-01-01' });
      em.insert('Task', { Subject: 'Call', WhoId: contact, Status: 'Completed', ActivityDate: '2026-03-04' });
      return {
        query: { email: `CTO${i}@Known${i}.io`, domain: `known${i}.io`, leadId: `L${i}` },
        expected: { ...base, personId: contact, accountId: acct, ownerId: jane, ownerName: 'Jane Owner', lifecycleStage: 'Prospect', lastActivityAt: '2026-03-04', openDeals: 1 },
      };
    }
    case 1: {
      const acct = em.insert('Account', { Name: `Only ${i}`, Website: `https://www.only${i}.io/`, Type: 'Prospect' });
      return {
        query: { email: `ann${i}@only${i}.io`, domain: `only${i}.io`, leadId: `L${i}` },
        expected: { ...base, accountId: acct, ownerId: x.em.userId, ownerName: 'Integration User', lifecycleStage: 'Prospect' },
      };
    }
    case 2: {
      const acct = em.insert('Account', { Name: `Cust ${i}`, Website: `cust${i}.io`, Type: 'Customer - Direct', OwnerId: jane });
      for (const stage of ['Prospecting', 'Negotiation/Review', 'Closed Lost']) em.insert('Opportunity', { Name: stage, AccountId: acct, StageName: stage, CloseDate: '2026-12-01' });
      return {
        query: { domain: `www.cust${i}.io`, leadId: `L${i}` },
        expected: { ...base, accountId: acct, ownerId: jane, ownerName: 'Jane Owner', lifecycleStage: 'Customer - Direct', openDeals: 2, isCustomer: true },
      };
    }
    case 3: {
      const contact = em.insert('Contact', { LastName: 'Owned', Email: `owned${i}@solo${i}.io`, OwnerId: jane });
      return { query: { email: `owned${i}@solo${i}.io`, leadId: `L${i}` }, expected: { ...base, personId: contact, ownerId: jane, ownerName: 'Jane Owner' } };
    }
    default:
      return { query: { email: `nobody${i}@none${i}.io`, domain: `none${i}.io`, leadId: `L${i}` }, expected: base };
  }
}

describe('Salesforce histories (batched history)', () => {
  it('answers a mixed set of 200 leads like the per-lead history, in input order, with a few SOQL queries', async () => {
    h = await harness({ mode: 'contact_account' });
    const jane = h.em.insert('User', { Username: 'jane@corp.test', Name: 'Jane Owner', Email: 'jane@corp.test', IsActive: true });
    const leads = Array.from({ length: 200 }, (_, i) => seedLead(h!, i, jane));
    const queries = leads.map((l) => l.query);
    const expected = leads.map((l) => l.expected);

    const before = h.em.dataRequests().length;
    expect(await h.adapter.histories(queries)).toEqual(expected);
    const sent = soqlSent(h);
    // persons by Email, accounts by Id and by Website, one aggregate for open opportunities: IN lists batched by URI length
    expect(h.em.dataRequests().length - before).toBeLessThanOrEqual(8);
    const aggregates = sent.filter((q) => q.startsWith('SELECT AccountId, COUNT(Id) FROM Opportunity WHERE IsClosed = false AND AccountId IN ('));
    expect(aggregates).toHaveLength(1);
    expect(aggregates[0]).toMatch(/\) GROUP BY AccountId$/);
    expect(sent.some((q) => /^SELECT Id, Email, CreatedDate, OwnerId, Owner\.Name, AccountId, LastActivityDate FROM Contact WHERE Email IN \(/.test(q))).toBe(true);
    expect(h.em.dataRequests().every((e) => e.status === 200)).toBe(true);

    // the per-lead history (= histories([q])[0]) agrees and costs several queries each
    const mark = h.em.dataRequests().length;
    for (const [k, q] of queries.slice(0, 10).entries()) expect(await h.adapter.history(q)).toEqual(expected[k]);
    expect(h.em.dataRequests().length - mark).toBeGreaterThanOrEqual(20);
  });

  it('splits long IN lists within the URI budget and keeps input order', async () => {
    h = await harness({ mode: 'contact_account', adapter: { queryBudget: 700 } });
    const jane = h.em.insert('User', { Username: 'jane@corp.test', Name: 'Jane Owner', Email: 'jane@corp.test', IsActive: true });
    const leads = Array.from({ length: 60 }, (_, i) => seedLead(h!, i, jane));
    const reversed = [...leads].reverse();
    expect(await h.adapter.histories(reversed.map((l) => l.query))).toEqual(reversed.map((l) => l.expected));
    expect(soqlSent(h).filter((q) => q.includes('FROM Opportunity')).length).toBeGreaterThan(1);
    expect(h.em.dataRequests().every((e) => e.status === 200)).toBe(true);
  });

  it('lead mode with the external-ID field: persons by LeadForge lead id first, else by Email; Status is the stage', async () => {
    h = await harness({ mode: 'lead', externalIdField: 'LeadForge_Lead_Id__c' });
    const byId = h.em.insert('Lead', { LastName: 'Lee', Company: 'Globex', Email: 'changed@globex.io', LeadForge_Lead_Id__c: 'L1', Status: 'Working - Contacted' });
    const byEmail = h.em.insert('Lead', { LastName: 'Roe', Company: 'Initech', Email: 'ann@initech.io', Status: 'Open - Not Contacted' });
    const acct = h.em.insert('Account', { Name: 'Initech', Website: 'initech.io', Type: 'Customer - Channel' });
    h.em.insert('Opportunity', { Name: 'Renewal', AccountId: acct, StageName: 'Prospecting', CloseDate: '2026-12-01' });
    const out = await h.adapter.histories([
      { email: 'lee@globex.io', domain: 'globex.io', leadId: 'L1' },
      { email: 'ann@initech.io', domain: 'initech.io', leadId: 'L2' },
      { email: 'x@none.io', leadId: 'L3' },
    ]);
    expect(out[0]).toMatchObject({ personId: byId, lifecycleStage: 'Working - Contacted', ownerName: 'Integration User', openDeals: 0, isCustomer: false });
    expect(out[1]).toMatchObject({ personId: byEmail, accountId: acct, lifecycleStage: 'Open - Not Contacted', openDeals: 1, isCustomer: true });
    expect(out[2]).toEqual({ kind: 'salesforce', openDeals: 0, isCustomer: false });
    const sent = soqlSent(h);
    expect(sent.filter((q) => q.includes('FROM Lead WHERE LeadForge_Lead_Id__c IN ('))).toHaveLength(1);
    expect(sent.filter((q) => q.includes('FROM Lead WHERE Email IN ('))).toEqual([expect.stringContaining("'ann@initech.io','x@none.io'")]);
  });
});

describe('Salesforce emulator: aggregate SOQL', () => {
  async function query(x: Harness, soql: string): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${x.em.url}/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, { headers: { authorization: `Bearer ${x.token}` } });
    return { status: res.status, body: await res.json() };
  }

  it('answers GROUP BY with COUNT(field) as AggregateResult rows (implied alias expr0, explicit aliases), in one page', async () => {
    h = await harness({ mode: 'contact_account' });
    const a = h.em.insert('Account', { Name: 'A' });
    const b = h.em.insert('Account', { Name: 'B' });
    for (const [acct, stage, amount] of [[a, 'Prospecting', 10], [a, 'Prospecting', null], [a, 'Closed Won', 5], [b, 'Negotiation/Review', 7]] as const) {
      h.em.insert('Opportunity', { Name: 'x', AccountId: acct, StageName: stage, CloseDate: '2026-12-01', Amount: amount });
    }
    const grouped = await query(h, `SELECT AccountId, COUNT(Id), COUNT(Amount) withAmount FROM Opportunity WHERE IsClosed = false GROUP BY AccountId`);
    expect(grouped).toEqual({
      status: 200,
      body: {
        totalSize: 2,
        done: true,
        records: [
          { attributes: { type: 'AggregateResult' }, AccountId: a, expr0: 2, withAmount: 1 },
          { attributes: { type: 'AggregateResult' }, AccountId: b, expr0: 1, withAmount: 1 },
        ],
      },
    });
    const whole = await query(h, 'SELECT COUNT(Id) FROM Opportunity');
    expect(whole.body).toMatchObject({ totalSize: 1, records: [{ attributes: { type: 'AggregateResult' }, expr0: 4 }] });
    const none = await query(h, `SELECT AccountId, COUNT(Id) FROM Opportunity WHERE AccountId = '001000000000000AAA' GROUP BY AccountId`);
    expect(none.body).toMatchObject({ totalSize: 0, done: true, records: [] });
  });

  it('refuses a selected field that is neither grouped nor aggregated (MALFORMED_QUERY)', async () => {
    h = await harness({ mode: 'contact_account' });
    const res = await query(h, 'SELECT Name, COUNT(Id) FROM Opportunity GROUP BY AccountId');
    expect(res).toEqual({ status: 400, body: [{ message: 'Field must be grouped or aggregated: Name', errorCode: 'MALFORMED_QUERY' }] });
    const unknown = await query(h, 'SELECT COUNT(Nope__c) FROM Opportunity');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject([{ errorCode: 'INVALID_FIELD' }]);
  });
});
