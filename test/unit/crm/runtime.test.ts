import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CrmHistory, CrmSyncState, LeadScore, ProspectProfile, QueueItem, Settings, Task } from '@shared/index';
import type { AdapterFactory } from '../../../electron/core/crm/adapters';
import { createCrmRuntime, type CrmRuntime } from '../../../electron/core/crm/runtime';
import { CrmError } from '../../../electron/core/crm/types';
import { memorySecrets, type SecretStore } from '../../../electron/core/secrets';
import { loadSettings } from '../../../electron/core/services/settings-service';
import type { Store } from '../../../electron/core/store/store';
import { FakeAdapter, FakeCrm } from './fake-adapter';
import { openStore, personLead, processLeads, tempDir, testSettings } from './helpers';

const TOKEN = 'pat-na1-PLANTED-SECRET-0123456789abcdef';

/** A factory whose adapters share one FakeCrm; a token other than TOKEN is refused with a message echoing it. */
function fakeFactory(crm: FakeCrm, made: FakeAdapter[] = [], history = new Map<string, CrmHistory>()): AdapterFactory {
  const make = (token: string | undefined) => {
    const a = new FakeAdapter(crm);
    a.historyOf = history;
    a.testConnection = async () => {
      if (token !== TOKEN) throw new CrmError(`hubspot account info failed: Authentication credentials not found for token ${token}`, { kind: 'hubspot', status: 401, code: 'INVALID_AUTHENTICATION' });
      return { account: 'portal 42', user: 'me@example.com' };
    };
    made.push(a);
    return a;
  };
  return {
    fromSecrets: async (_kind, _settings, secrets) => {
      const t = await secrets.get('hubspot.accessToken');
      return t ? make(t) : undefined;
    },
    connectToken: async (_kind, _settings, secrets, creds) => {
      const info = await make(creds.accessToken).testConnection();
      await secrets.set('hubspot.accessToken', creds.accessToken);
      return info;
    },
    connectOAuth: async () => {
      throw new Error('no OAuth in this test');
    },
  };
}

let store: Store | undefined;
let runtime: CrmRuntime | undefined;
afterEach(async () => {
  await runtime?.close();
  await store?.close();
  store = undefined;
  runtime = undefined;
});

function setup(opts: { settings?: Settings; secrets?: SecretStore; crm?: FakeCrm; history?: Map<string, CrmHistory> } = {}) {
  let settings = opts.settings ?? testSettings({ crm: { active: 'hubspot' } });
  const events: { event: string; payload: unknown }[] = [];
  const crm = opts.crm ?? new FakeCrm();
  const made: FakeAdapter[] = [];
  const rt = createCrmRuntime({
    store: store!,
    settings: () => settings,
    secrets: opts.secrets ?? memorySecrets({ 'hubspot.accessToken': TOKEN }),
    openExternal: async () => undefined,
    emit: (event, payload) => events.push({ event, payload }),
    saveSettings: (patch) => (settings = { ...settings, ...patch }),
    adapters: fakeFactory(crm, made, opts.history),
  });
  runtime = rt;
  return { rt, events, crm, made, set: (s: Settings) => (settings = s), get: () => settings };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('crm:* handlers', () => {
  it('status, test, connectToken (refusal scrubbed of the token), disconnect', async () => {
    store = await openStore();
    const secrets = memorySecrets();
    const { rt } = setup({ secrets });
    expect((await rt.api['crm:status']({}))[0]).toMatchObject({ kind: 'hubspot', connected: false });

    const bad = 'pat-na1-WRONG-TOKEN-aaaaaaaaaaaaaaaa';
    const err = await rt.api['crm:connectToken']({ kind: 'hubspot', accessToken: bad }).catch((e: Error) => e);
    expect(err).toMatchObject({ name: 'UserFacingError', code: 'auth_failed' });
    expect((err as Error).message).toContain('Authentication credentials not found');
    expect((err as Error).message).not.toContain(bad);
    expect(await secrets.get('hubspot.accessToken')).toBeUndefined();

    const conn = await rt.api['crm:connectToken']({ kind: 'hubspot', accessToken: TOKEN });
    expect(conn).toMatchObject({ kind: 'hubspot', connected: true, authType: 'token', account: 'portal 42 (me@example.com)' });
    expect(await secrets.get('hubspot.accessToken')).toBe(TOKEN);
    const t = await rt.api['crm:test']({ kind: 'hubspot' });
    expect(t).toMatchObject({ ok: true, account: 'portal 42 (me@example.com)' });
    expect(t.latencyMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(await rt.api['crm:status']({}))).not.toContain(TOKEN);

    expect(await rt.api['crm:disconnect']({ kind: 'hubspot' })).toMatchObject({ connected: false });
    expect(await secrets.get('hubspot.accessToken')).toBeUndefined();
    expect(await rt.api['crm:test']({ kind: 'hubspot' })).toMatchObject({ ok: false, message: expect.stringContaining('not connected') });
    await expect(rt.api['crm:preview']({ kind: 'hubspot' })).rejects.toMatchObject({ name: 'UserFacingError', code: 'not_connected' });
  });

  it('mappingGet returns the defaults with issues; mappingSave refuses errors and stores a valid mapping', async () => {
    store = await openStore();
    const { rt, get } = setup();
    const m = await rt.api['crm:mappingGet']({ kind: 'hubspot' });
    expect(m.entries.find((e) => e.appField === 'score')).toEqual({ appField: 'score', role: 'person', crmField: 'leadforge_score', policy: 'always' });
    expect(m.issues.every((i) => i.severity === 'warning')).toBe(true); // leadforge_* created on the first sync; industry is an enumeration
    expect(m.appFields).toContain('scoreReasons');

    const bad = [...m.entries, { appField: 'company', role: 'person' as const, crmField: 'hs_object_id', policy: 'always' as const }];
    const refused = await rt.api['crm:mappingSave']({ kind: 'hubspot', entries: bad });
    expect(refused.saved).toBe(false);
    expect(refused.issues).toContainEqual(expect.objectContaining({ index: bad.length - 1, severity: 'error', message: 'hs_object_id is read-only in HubSpot' }));
    expect(get().crm.mappings.hubspot).toEqual([]);

    const entries = m.entries.filter((e) => e.crmField !== 'jobtitle');
    const saved = await rt.api['crm:mappingSave']({ kind: 'hubspot', entries });
    expect(saved.saved).toBe(true);
    expect(get().crm.mappings.hubspot).toEqual(entries);
    expect((await rt.api['crm:mappingGet']({ kind: 'hubspot' })).entries).toEqual(entries);
  });

  it('without saveSettings, mappingSave persists through the settings service', async () => {
    store = await openStore();
    const settings = testSettings({ crm: { active: 'hubspot' } });
    runtime = createCrmRuntime({ store, settings: () => settings, secrets: memorySecrets(), openExternal: async () => undefined, emit: () => undefined, adapters: fakeFactory(new FakeCrm()) });
    const entries = [{ appField: 'email', role: 'person' as const, crmField: 'email', policy: 'if_empty' as const }];
    expect((await runtime.api['crm:mappingSave']({ kind: 'hubspot', entries })).saved).toBe(true);
    expect(loadSettings(store).crm.mappings.hubspot).toEqual(entries);
    expect((await runtime.api['crm:mappingGet']({ kind: 'hubspot' })).entries).toEqual(entries);
  });

  it('preview, sync with progress events, leadStates with labels; the planted token is in no store file, event or response', async () => {
    const dir = tempDir();
    store = await openStore(dir);
    await processLeads(store, [personLead(1), personLead(2)]);
    const { rt, events, crm } = setup();
    const preview = await rt.api['crm:preview']({ kind: 'hubspot' });
    expect(preview.counts).toMatchObject({ create: 4, associate: 2 });
    expect(crm.persons.size).toBe(0);
    const result = await rt.api['crm:sync']({ kind: 'hubspot' });
    expect(result).toMatchObject({ leads: 2, created: 4, failed: 0 });
    expect(events.map((e) => (e.payload as { phase: string }).phase)).toEqual(['lookup', 'accounts', 'persons', 'associations', 'activities', 'done']);
    expect(events.at(-1)!.payload).toEqual({ kind: 'hubspot', phase: 'done', done: 2, total: 2, failed: 0 });
    const states = await rt.api['crm:leadStates']({ kind: 'hubspot' });
    expect(states.map((s) => [s.leadId, s.status, s.label])).toEqual([['p-1', 'synced', 'Bob Lee (Globex)'], ['p-2', 'synced', 'Carla Lee (Initech)']]);
    expect((await rt.api['crm:status']({}))[0]!.lastSyncAt).toBeDefined();
    await rt.close();
    await store.close();
    const everything = [JSON.stringify(events), JSON.stringify(preview), JSON.stringify(result), JSON.stringify(states), ...filesUnder(dir).map((f) => readFileSync(f, 'utf8'))].join('\n');
    expect(everything).not.toContain(TOKEN);
    expect(everything).toContain('p-1'); // the scan did read the data
  });
});

describe('pipeline integration', () => {
  it('the crm source feeds the profile; customers and other reps\' leads get no draft; the sync stage writes the rest', async () => {
    store = await openStore();
    const crm = new FakeCrm();
    const history = new Map<string, CrmHistory>([
      ['greta.lee.6@stark6.com', { kind: 'hubspot', personId: '9', ownerName: 'Sam Other', lifecycleStage: 'customer', openDeals: 1, isCustomer: true }],
      ['hugo.lee.7@acme0.com', { kind: 'hubspot', personId: '10', ownerName: 'Sam Other', lifecycleStage: 'lead', openDeals: 0, isCustomer: false, lastActivityAt: '2026-01-02T00:00:00.000Z' }],
    ]);
    const { rt } = setup({ crm, history });
    const leads = [personLead(1), personLead(6), personLead(7)];
    const settings = testSettings({ crm: { active: 'hubspot' } });
    const sources = rt.sources();
    const stages = rt.stages();
    expect(sources.map((s) => s.name)).toEqual(['crm']);
    expect(stages.map((s) => s.name)).toEqual(['sync']);
    const runId = await processLeads(store, leads, settings, { sources, stages, resources: rt.resources() });
    const tasks = store.collection<Task>('tasks');
    const out = (leadId: string, stage: string) => tasks.get(`${runId}:${leadId}:${stage}`)!;
    const profile6 = out('p-6', 'synthesize').output as ProspectProfile;
    expect(profile6.fields.crmIsCustomer).toMatchObject({ value: true, source: 'crm:hubspot' });
    expect(profile6.fields.crmOwner!.value).toBe('Sam Other');
    const score6 = out('p-6', 'score').output as LeadScore;
    expect(score6.qualified).toBe(false);
    expect(score6.factors.find((f) => f.code === 'crm_customer')!.reason).toContain('Already a customer in the CRM (lifecycle stage "customer")');
    const score7 = out('p-7', 'score').output as LeadScore;
    expect(score7.factors.find((f) => f.code === 'crm_owned')!.reason).toContain('Owned by Sam Other');
    expect(out('p-7', 'draft').status).toBe('skipped');
    expect(out('p-1', 'draft').status).toBe('done');
    const drafts = store.collection<QueueItem>('drafts');
    expect(drafts.has('p-1')).toBe(true);
    expect(drafts.has('p-6')).toBe(false);
    // the sync stage ran for all three (after queue), and logged the one draft
    for (const id of ['p-1', 'p-6', 'p-7']) expect(out(id, 'sync')).toMatchObject({ status: 'done', output: { kind: 'hubspot', status: 'synced' } });
    expect(crm.persons.size).toBe(3);
    expect(crm.activities.map((a) => a.leadKey)).toEqual(['p-1']);
    expect(store.collection<CrmSyncState>('crmSync').get('hubspot:p-1')!.activityId).toBe(crm.activities[0]!.id);
  });

  it('the sync stage skips with a reason when syncing in the pipeline is off or the CRM is not connected', async () => {
    store = await openStore();
    const { rt, set } = setup({ secrets: memorySecrets() });
    const stages = rt.stages();
    const sources = rt.sources();
    await new Promise((r) => setTimeout(r, 10)); // the connection check resolves
    let runId = await processLeads(store, [personLead(1)], testSettings(), { sources, stages, resources: rt.resources() });
    const tasks = store.collection<Task>('tasks');
    expect(tasks.get(`${runId}:p-1:sync`)).toMatchObject({ status: 'skipped', error: 'HubSpot is not connected' });
    expect(tasks.get(`${runId}:p-1:enrich.crm`)).toMatchObject({ status: 'done', output: { status: 'skipped', error: 'HubSpot is not connected' } });
    set(testSettings({ crm: { active: 'hubspot', syncInPipeline: false } }));
    runId = await processLeads(store, [personLead(2)], testSettings(), { sources, stages, resources: rt.resources() });
    expect(tasks.get(`${runId}:p-2:sync`)!.error).toMatch(/^syncing in the pipeline is off/);
    set(testSettings());
    expect(rt.stages()).toEqual([]);
    expect(rt.sources()).toEqual([]);
    runId = await processLeads(store, [personLead(3)], testSettings(), { sources, stages, resources: rt.resources() });
    expect(tasks.get(`${runId}:p-3:sync`)!.error).toBe('no CRM is active (settings.crm.active)');
  });
});
