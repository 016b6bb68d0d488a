import { afterEach, describe, expect, it } from 'vitest';
import type { CrmHistory } from '@shared/index';
import { OWNER_MISS_REFRESH_MS } from '../../../electron/core/crm/hubspot/adapter';
import type { HistoryQuery } from '../../../electron/core/crm/types';
import { FAST_POLICY, rig, type Rig } from './helpers';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

/**
 * Seeds lead `i` as one of five kinds (i % 5) and returns its query and the history HubSpot should give:
 * 0 known person (contact by email, owner, primary company with 1 open + 1 closed deal, a note);
 * 1 known company only (made by a person: `www.` domain, found by search);
 * 2 customer company made by LeadForge (found by `leadforge_company_key`), 2 open deals, lead without email;
 * 3 contact owned by someone, found by `leadforge_lead_id` (no email), no company, 1 open deal on the contact;
 * 4 unknown.
 */
function seedLead(rg: Rig, i: number): { query: HistoryQuery; expected: CrmHistory } {
  const hs = rg.hs;
  const base: CrmHistory = { kind: 'hubspot', openDeals: 0, isCustomer: false };
  switch (i % 5) {
    case 0: {
      const company = hs.seed('companies', { name: `Known ${i}`, domain: `known${i}.io`, lifecyclestage: 'lead' });
      const contact = hs.seed('contacts', { email: `cto${i}@known${i}.io`, lifecyclestage: 'salesqualifiedlead', hubspot_owner_id: '501' }, [{ type: 'companies', id: company }]);
      hs.seed('deals', { dealname: 'Open', dealstage: 'qualifiedtobuy' }, [{ type: 'companies', id: company }]);
      hs.seed('deals', { dealname: 'Won', dealstage: 'closedwon' }, [{ type: 'companies', id: company }]);
      hs.seed('notes', { hs_timestamp: '2026-10-01T12:00:00.000Z', hs_note_body: 'call' }, [{ type: 'contacts', id: contact }]);
      const lastActivityAt = hs.record('contacts', contact)!.properties.notes_last_updated!;
      return {
        query: { email: `CTO${i}@Known${i}.io`, domain: `known${i}.io`, leadId: `L${i}` },
        expected: { ...base, personId: contact, accountId: company, ownerId: '501', ownerName: 'Sam Rep', lifecycleStage: 'salesqualifiedlead', lastActivityAt: new Date(lastActivityAt).toISOString(), openDeals: 1 },
      };
    }
    case 1: {
      const company = hs.seed('companies', { name: `Only ${i}`, domain: `www.only${i}.io`, lifecyclestage: 'opportunity' });
      return { query: { email: `ann${i}@only${i}.io`, domain: `only${i}.io`, leadId: `L${i}` }, expected: { ...base, accountId: company, lifecycleStage: 'opportunity' } };
    }
    case 2: {
      const company = hs.seed('companies', { name: `Cust ${i}`, domain: `cust${i}.io`, leadforge_company_key: `cust${i}.io`, lifecyclestage: 'customer', hubspot_owner_id: '502' });
      for (const stage of ['qualifiedtobuy', 'contractsent', 'closedlost']) hs.seed('deals', { dealname: stage, dealstage: stage }, [{ type: 'companies', id: company }]);
      return {
        query: { domain: `https://www.cust${i}.io/`, leadId: `L${i}` },
        expected: { ...base, accountId: company, ownerId: '502', ownerName: 'Rita Other', lifecycleStage: 'customer', openDeals: 2, isCustomer: true },
      };
    }
    case 3: {
      const contact = hs.seed('contacts', { leadforge_lead_id: `L${i}`, firstname: 'Owned', hubspot_owner_id: '502', lifecyclestage: 'lead' });
      hs.seed('deals', { dealname: 'Contact deal', dealstage: 'appointmentscheduled' }, [{ type: 'contacts', id: contact }]);
      return { query: { leadId: `L${i}` }, expected: { ...base, personId: contact, ownerId: '502', ownerName: 'Rita Other', lifecycleStage: 'lead', openDeals: 1 } };
    }
    default:
      return { query: { email: `nobody${i}@none${i}.io`, domain: `none${i}.io`, leadId: `L${i}` }, expected: base };
  }
}

async function seeded(n: number, opts: Parameters<typeof rig>[0] = {}): Promise<{ queries: HistoryQuery[]; expected: CrmHistory[] }> {
  r = await rig(opts);
  await r.adapter.ensureSchema([]); // leadforge_lead_id / leadforge_company_key, as after a first sync
  r.hs.seedOwner({ id: '501', email: 'sam@corp.io', firstName: 'Sam', lastName: 'Rep' });
  r.hs.seedOwner({ id: '502', email: 'rita@corp.io', firstName: 'Rita', lastName: 'Other' });
  const leads = Array.from({ length: n }, (_, i) => seedLead(r!, i));
  return { queries: leads.map((l) => l.query), expected: leads.map((l) => l.expected) };
}

describe('HubSpot histories (batched history)', () => {
  it('answers a mixed set of 200 leads like the per-lead history, in input order, with batched requests', async () => {
    const { queries, expected } = await seeded(200);
    r!.hs.resetStats();
    const batched = await r!.adapter.histories(queries);
    expect(batched).toEqual(expected);

    const log = r!.hs.requests;
    const paths = log.map((e) => `${e.method} ${e.path}`);
    expect(log.every((e) => e.status === 200 || e.status === 207)).toBe(true);
    expect(paths.filter((p) => p.startsWith('GET /crm/v3/owners'))).toHaveLength(1); // owners: one list read
    const schema = paths.filter((p) => p.startsWith('GET /crm/v3/properties/')).length; // once per adapter
    expect(schema).toBe(2);
    // contacts by email (120 → 2) + by lead id (80 → 1), companies by id (1) + by key (120 → 2) + search (1),
    // companies→deals and contacts→deals associations (1 + 1), deals (200 → 2): 12, ≈ 6 per 100 leads.
    expect(log.length - 1 - schema).toBeLessThanOrEqual(12);
    expect(paths.filter((p) => p.endsWith('/search'))).toHaveLength(1);

    // the per-lead history (= histories([q])[0]) agrees, lead by lead, and costs several requests each
    r!.hs.resetStats();
    for (const [k, q] of queries.slice(0, 10).entries()) expect(await r!.adapter.history(q)).toEqual(expected[k]);
    expect(r!.hs.requests.length).toBeGreaterThanOrEqual(10 * 3);
  });

  it('keeps input order with duplicate and empty queries', async () => {
    const { queries, expected } = await seeded(5);
    const out = await r!.adapter.histories([queries[2]!, {}, queries[0]!, queries[2]!, queries[4]!]);
    expect(out).toEqual([expected[2], { kind: 'hubspot', openDeals: 0, isCustomer: false }, expected[0], expected[2], expected[4]]);
    expect(await r!.adapter.histories([])).toEqual([]);
  });

  it('reads the owners list once per adapter, and again when a record names an owner it lacks and the list is a minute old', async () => {
    let offset = 0;
    const { queries, expected } = await seeded(10, { adapter: { policy: { ...FAST_POLICY, now: () => Date.now() + offset } } });
    expect(await r!.adapter.histories(queries)).toEqual(expected);
    expect(await r!.adapter.histories(queries)).toEqual(expected);
    const owners = () => r!.hs.requests.filter((e) => e.path.startsWith('/crm/v3/owners')).length;
    expect(owners()).toBe(1);
    r!.hs.seedOwner({ id: '503', email: 'new@corp.io', firstName: 'New', lastName: 'Hire' });
    const c = r!.hs.seed('contacts', { email: 'lead@newco.io', hubspot_owner_id: '503' });
    expect(await r!.adapter.history({ email: 'lead@newco.io' })).toEqual({ kind: 'hubspot', personId: c, ownerId: '503', openDeals: 0, isCustomer: false });
    expect(owners()).toBe(1); // the list is fresh: an unknown owner id has no name (as an archived owner)
    offset = OWNER_MISS_REFRESH_MS + 1;
    expect(await r!.adapter.history({ email: 'lead@newco.io' })).toMatchObject({ ownerId: '503', ownerName: 'New Hire' });
    expect(owners()).toBe(2);
    // a deactivated (archived) owner is not listed: the id without a name
    r!.hs.seedOwner({ id: '504', email: 'gone@corp.io', firstName: 'Gone', lastName: 'Rep', archived: true });
    const g = r!.hs.seed('contacts', { email: 'lead@oldco.io', hubspot_owner_id: '504' });
    expect(await r!.adapter.history({ email: 'lead@oldco.io' })).toEqual({ kind: 'hubspot', personId: g, ownerId: '504', openDeals: 0, isCustomer: false });
    expect(owners()).toBe(2);
  });

  it('follows associations HubSpot paged inside the batch read', async () => {
    r = await rig({ emulator: { associationBatchReadPageSize: 2 } });
    const company = r.hs.seed('companies', { name: 'Many', domain: 'many.io' });
    for (let k = 0; k < 5; k++) r.hs.seed('deals', { dealname: `D${k}`, dealstage: k === 4 ? 'closedwon' : 'qualifiedtobuy' }, [{ type: 'companies', id: company }]);
    expect(await r.adapter.history({ domain: 'many.io' })).toMatchObject({ accountId: company, openDeals: 4 });
    expect(r.hs.requests.filter((e) => /^\/crm\/v4\/objects\/companies\/\d+\/associations\/deals$/.test(e.path))).toHaveLength(1); // deals 3-5 in one page of ≤ 500
  });

  it('rides out 429s on its batch calls and still answers every lead', async () => {
    const { queries, expected } = await seeded(50);
    r!.hs.rateLimitStorm(4, { match: { path: /batch\/read$/ } });
    expect(await r!.adapter.histories(queries)).toEqual(expected);
    expect(r!.hs.requests.filter((e) => e.status === 429)).toHaveLength(4);
  });
});
