import { afterEach, describe, expect, it } from 'vitest';
import type { CrmHistory, EnrichmentResult, Task } from '@shared/index';
import { CrmHistorySource, type CrmConnectionLookup } from '../../../electron/core/agents/enrich/crm-source';
import type { AdapterFactory } from '../../../electron/core/crm/adapters';
import { createCrmRuntime, type CrmRuntime } from '../../../electron/core/crm/runtime';
import { CrmError } from '../../../electron/core/crm/types';
import { memorySecrets } from '../../../electron/core/secrets';
import type { Store } from '../../../electron/core/store/store';
import { FakeAdapter, FakeCrm } from './fake-adapter';
import { openStore, personLead, processLeads, testSettings } from './helpers';

const settings = testSettings({ crm: { active: 'hubspot' } });
const connected = (adapter: FakeAdapter, user?: string): CrmConnectionLookup => async () => ({ adapter, kind: 'hubspot', ...(user ? { user } : {}) });

/** Histories for `p-<i>` leads: every 3rd a customer owned by someone else, every 3rd + 1 an open lead of "me". */
function historyFor(n: number): Map<string, CrmHistory> {
  const m = new Map<string, CrmHistory>();
  for (let i = 0; i < n; i++) {
    const email = personLead(i).email!;
    if (i % 3 === 0) m.set(email, { kind: 'hubspot', personId: `c${i}`, ownerName: 'Sam Other', lifecycleStage: 'customer', openDeals: 2, isCustomer: true });
    if (i % 3 === 1) m.set(email, { kind: 'hubspot', personId: `c${i}`, ownerName: 'me@example.com', lifecycleStage: 'lead', openDeals: 0, isCustomer: false });
  }
  return m;
}

describe('CrmHistorySource: batching', () => {
  it('gathers concurrent leads into histories calls of ≤ 100, and gives each lead its own history', async () => {
    const adapter = new FakeAdapter();
    adapter.historyOf = historyFor(250);
    const source = new CrmHistorySource(connected(adapter, 'me@example.com'));
    const leads = Array.from({ length: 250 }, (_, i) => personLead(i));
    const results = await Promise.all(leads.map((l) => source.run(l, { settings })));
    expect(adapter.calls.filter((c) => c.method === 'histories').map((c) => c.items)).toEqual([100, 100, 50]);
    expect(results[0]).toMatchObject({ status: 'ok', source: 'crm:hubspot', fields: { crmIsCustomer: true, crmOwnedByOther: true, crmOpenDeals: 2 } });
    expect(results[0]!.provenance.ref).toBe('hubspot:person:c0');
    expect(results[1]!.fields).toMatchObject({ crmIsCustomer: false, crmOwnedByOther: false, crmLifecycleStage: 'lead' });
    expect(results[2]).toMatchObject({ status: 'empty', fields: {} });
    expect(results[249]!.fields).toMatchObject({ crmIsCustomer: true, crmOwner: 'Sam Other' });
  });

  it('fails soft per lead: a failed batch gives each of its leads status failed with the CRM\'s message; the next batch works', async () => {
    const adapter = new FakeAdapter();
    adapter.historyOf = historyFor(6);
    adapter.failCall = (m) => (m === 'histories' ? new CrmError('hubspot contacts batch read failed: 503 (gave up after 6 attempts)', { kind: 'hubspot', status: 503 }) : undefined);
    const source = new CrmHistorySource(connected(adapter));
    const failed = await Promise.all([0, 1, 2].map((i) => source.run(personLead(i), { settings })));
    expect(failed.map((r) => [r.status, r.error])).toEqual(Array.from({ length: 3 }, () => ['failed', 'hubspot contacts batch read failed: 503 (gave up after 6 attempts)']));
    expect(adapter.calls.filter((c) => c.method === 'histories')).toHaveLength(1);
    adapter.failCall = undefined;
    const ok = await Promise.all([3, 4].map((i) => source.run(personLead(i), { settings })));
    expect(ok.map((r) => r.status)).toEqual(['ok', 'ok']);
  });

  it('honours abort: a lead aborted while waiting rejects at once and is left out of its batch', async () => {
    const adapter = new FakeAdapter();
    const source = new CrmHistorySource(connected(adapter), { lingerMs: 30 });
    const ctl = new AbortController();
    const kept = source.run(personLead(1), { settings });
    const dropped = source.run(personLead(2), { settings, signal: ctl.signal }).then(
      () => 'resolved',
      (e: Error) => e.message,
    );
    await new Promise((r) => setTimeout(r, 5));
    ctl.abort(new Error('run paused'));
    expect(await dropped).toBe('run paused');
    expect((await kept).status).toBe('empty');
    expect(adapter.calls.filter((c) => c.method === 'histories').map((c) => c.items)).toEqual([1]);
    const pre = new AbortController();
    pre.abort(new Error('cancelled'));
    await expect(source.run(personLead(3), { settings, signal: pre.signal })).rejects.toThrow('cancelled');
  });

  it('skips without a connection, fails soft when the lookup throws, and batches per adapter', async () => {
    const skipped = await new CrmHistorySource(async () => ({ skip: 'HubSpot is not connected' })).run(personLead(1), { settings });
    expect(skipped).toMatchObject({ status: 'skipped', error: 'HubSpot is not connected' });
    const broken = await new CrmHistorySource(async () => Promise.reject(new Error('vault locked'))).run(personLead(1), { settings });
    expect(broken).toMatchObject({ status: 'failed', error: 'CRM unavailable: vault locked' });
    const a = new FakeAdapter();
    const b = new FakeAdapter();
    let n = 0;
    const source = new CrmHistorySource(async () => ({ adapter: n++ % 2 ? b : a, kind: 'hubspot' }));
    await Promise.all([1, 2, 3, 4].map((i) => source.run(personLead(i), { settings })));
    expect([a, b].map((x) => x.calls.filter((c) => c.method === 'histories').map((c) => c.items))).toEqual([[2], [2]]);
  });
});

describe('CrmHistorySource in the pipeline', () => {
  let store: Store | undefined;
  let rt: CrmRuntime | undefined;
  afterEach(async () => {
    await rt?.close();
    await store?.close();
    rt = store = undefined;
  });

  it('fills batches of 100 through the engine with the runtime\'s resources (not capped at the pipeline concurrency)', async () => {
    store = await openStore();
    const made: FakeAdapter[] = [];
    const crm = new FakeCrm();
    const factory: AdapterFactory = {
      fromSecrets: async () => {
        const a = new FakeAdapter(crm);
        a.historyOf = historyFor(350);
        made.push(a);
        return a;
      },
      connectToken: async () => ({}),
      connectOAuth: async () => ({}),
    };
    const active = testSettings({ crm: { active: 'hubspot', syncInPipeline: false } });
    rt = createCrmRuntime({ store, settings: () => active, secrets: memorySecrets({ 'hubspot.accessToken': 't' }), openExternal: async () => undefined, emit: () => undefined, adapters: factory });
    const leads = Array.from({ length: 350 }, (_, i) => personLead(i));
    // processLeads runs the real lead flow on a PipelineEngine with concurrency 4.
    const runId = await processLeads(store, leads, active, { sources: rt.sources(), stages: rt.stages(), resources: rt.resources() });
    expect(made).toHaveLength(1); // one adapter for all (concurrent first calls share it)
    const sizes = made[0]!.calls.filter((c) => c.method === 'histories').map((c) => c.items);
    // Ideally [100, 100, 100, 50]; capped by the engine's global concurrency (4) or default window (16) it would be
    // ≥ 22 calls of ≤ 16 leads.
    expect(sizes.reduce((x, y) => x + y, 0)).toBe(350);
    expect(Math.max(...sizes)).toBe(100);
    expect(sizes.length).toBeLessThanOrEqual(6);
    const tasks = store.collection<Task>('tasks');
    const out = (i: number) => tasks.get(`${runId}:p-${i}:enrich.crm`)!.output as EnrichmentResult;
    expect(out(3).fields).toMatchObject({ crmIsCustomer: true });
    expect(out(4).fields).toMatchObject({ crmLifecycleStage: 'lead' });
    expect(out(5).status).toBe('empty');
  });
});
