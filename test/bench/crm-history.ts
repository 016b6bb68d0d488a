/**
 * CRM history enrichment benchmark: the time the `crm` enrichment source takes to look up the 688 leads of the
 * Y Combinator startups list (../shared/datasets/companies/ali-ce_yc-startups-2014/Startups.csv, Alice Corona,
 * CC BY-SA 4.0) in a HubSpot emulator enforcing HubSpot's burst limit of 100 requests per rolling 10 s (and search's
 * 5 requests/s), through the production wiring: the real importer, `createCrmRuntime` (its `crm` source, `sync`
 * stage and engine resources), the lead flow with the default sources (DNS off) and a `PipelineEngine` built like
 * the app's pipeline service (settings concurrency, default active-lead window) → HubSpot adapter →
 * @hubspot/api-client → HTTP.
 *
 * The portal is seeded deterministically from the list: every 4th company exists in HubSpot (found by domain
 * search; every 8th also carries LeadForge's company key), every 12th is a customer, a third of the known companies
 * have an owner (3 owners) and every 8th has an open and a closed deal; every 10th lead has a contact carrying its
 * `leadforge_lead_id` (a previous sync), associated with its company when that exists. `syncInPipeline` is off:
 * only the enrichment is measured.
 *
 * Reported: wall time of the run, HubSpot requests by kind (emulator log), 429s, how many leads the CRM knew, and a
 * digest of every lead's `enrich.crm` fields (equal digests = the same answers).
 * The "before" figure in the CRM history report was measured by running this script (without the `batches` figure)
 * on the tree of the commit before batching (`git archive <commit> | tar -x -C DIR`, node_modules linked): 688 leads
 * in 209 s with 2,094 requests (63 of them 429s). No assertions.
 *
 * Usage: `node --import tsx test/bench/crm-history.ts [--leads N] [--csv FILE]` prints JSON.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { SettingsSchema, type Lead, type Settings, type Task } from '@shared/index';
import { buildLeadFlow, defaultSources } from '../../electron/core/agents/flow/lead-flow';
import { createAdapterFactory, type AdapterFactory } from '../../electron/core/crm/adapters';
import { createCrmRuntime } from '../../electron/core/crm/runtime';
import { importLeads } from '../../electron/core/leads/import-leads';
import { PipelineEngine } from '../../electron/core/pipeline/engine';
import { MemoryCheckpoint } from '../../electron/core/pipeline/memory-checkpoint';
import { memorySecrets } from '../../electron/core/secrets';
import { Store } from '../../electron/core/store/store';
import { startHubSpotEmulator, type HubSpotEmulator } from '../emulators/hubspot';
import { tempDir } from '../unit/crm/helpers';

/** The YC list (relative to this file: repo/test/bench → ../shared beside the repo). */
export const YC_STARTUPS_CSV = fileURLToPath(new URL('../../../shared/datasets/companies/ali-ce_yc-startups-2014/Startups.csv', import.meta.url));

export interface CrmHistoryBenchResult {
  leads: number;
  /** Wall time of the pipeline run (all stages; only `enrich.crm` talks to the CRM), in ms. */
  wallMs: number;
  leadsPerSec: number;
  /** HubSpot requests during the run, by kind, and in total. */
  requests: Record<string, number>;
  totalRequests: number;
  /** 429 answers (0 when the adapter's limiter keeps under the portal's limits). */
  rateLimited: number;
  /** Leads the CRM knew (person or account), customers among them, owned ones. */
  known: number;
  customers: number;
  owned: number;
  /** `enrich.crm` tasks not done with status ok/empty. */
  failed: number;
  /** Leads per `CrmAdapter.histories` call, in call order. */
  batches: number[];
  /** sha1 of every lead's `enrich.crm` fields, sorted by lead id. */
  digest: string;
}

/** Seeds the portal from the leads (see the file comment). */
function seedPortal(hs: HubSpotEmulator, leads: Lead[]): void {
  hs.seedProperty('contacts', { name: 'leadforge_lead_id', type: 'string', fieldType: 'text', hasUniqueValue: true, groupName: 'leadforge' });
  hs.seedProperty('companies', { name: 'leadforge_company_key', type: 'string', fieldType: 'text', hasUniqueValue: true, groupName: 'leadforge' });
  const owners = ['601', '602', '603'];
  owners.forEach((id, k) => hs.seedOwner({ id, email: `rep${k}@portal.test`, firstName: ['Ada', 'Ben', 'Cy'][k]!, lastName: 'Rep' }));
  leads.forEach((lead, i) => {
    let company: string | undefined;
    if (i % 4 === 0 && lead.domain) {
      company = hs.seed('companies', {
        name: lead.company ?? lead.domain,
        domain: i % 16 === 0 ? `www.${lead.domain}` : lead.domain,
        ...(i % 8 === 0 ? { leadforge_company_key: lead.domain } : {}),
        ...(i % 12 === 0 ? { lifecyclestage: 'customer' } : { lifecyclestage: 'lead' }),
        ...(i % 3 === 0 ? { hubspot_owner_id: owners[i % owners.length]! } : {}),
      });
      if (i % 8 === 0) {
        hs.seed('deals', { dealname: `${lead.company} renewal`, dealstage: 'qualifiedtobuy' }, [{ type: 'companies', id: company }]);
        hs.seed('deals', { dealname: `${lead.company} pilot`, dealstage: 'closedwon' }, [{ type: 'companies', id: company }]);
      }
    }
    if (i % 10 === 0) {
      hs.seed(
        'contacts',
        { leadforge_lead_id: lead.id, firstname: lead.contacts[0]?.fullName.split(' ')[0] ?? 'Founder', lifecyclestage: 'lead', ...(i % 20 === 0 ? { hubspot_owner_id: owners[1]! } : {}) },
        company ? [{ type: 'companies', id: company }] : [],
      );
    }
  });
}

/** Runs the benchmark. @param opts.leads how many leads of the list to use (default all 688). */
export async function measureCrmHistory(opts: { leads?: number; csv?: string } = {}): Promise<CrmHistoryBenchResult> {
  const leads: Lead[] = [];
  await importLeads(opts.csv ?? YC_STARTUPS_CSV, { importId: 'bench', onLead: (l) => void leads.push(l) });
  if (opts.leads !== undefined) leads.splice(opts.leads);
  const hs = await startHubSpotEmulator({ rateLimit: { max: 100, intervalMs: 10_000 } });
  const store = await Store.open({ dataDir: tempDir('leadforge-bench-crm-history-') });
  const settings: Settings = SettingsSchema.parse({ pipeline: { dnsEnabled: false }, crm: { active: 'hubspot', syncInPipeline: false, hubspot: { baseUrl: hs.url } } });
  const secrets = memorySecrets({ 'hubspot.accessToken': hs.privateAppToken });
  try {
    seedPortal(hs, leads);
    const leadsCol = store.collection<Lead>('leads');
    for (const l of leads) leadsCol.put(l);
    const batches: number[] = [];
    const factory = createAdapterFactory();
    const counting: AdapterFactory = {
      ...factory,
      async fromSecrets(kind, s, sec) {
        const a = await factory.fromSecrets(kind, s, sec);
        if (a) {
          const histories = a.histories.bind(a);
          a.histories = (q) => {
            batches.push(q.length);
            return histories(q);
          };
        }
        return a;
      },
    };
    const runtime = createCrmRuntime({ store, settings: () => settings, secrets, openExternal: async () => undefined, emit: () => undefined, adapters: counting });
    // Load the HubSpot SDK once (a one-time process cost of ~0.7 s, not enrichment time). No request is made.
    const warm = await createAdapterFactory().fromSecrets('hubspot', settings, secrets);
    (warm as { close?: () => void } | undefined)?.close?.();
    const flow = buildLeadFlow({
      settings,
      sources: [...defaultSources(), ...runtime.sources()],
      extraStages: runtime.stages(),
      saveDraft: () => undefined,
    });
    const checkpoint = new MemoryCheckpoint(leads);
    // As the app's pipeline service builds its engine (services/pipeline-service.ts).
    const engine = new PipelineEngine({ flow, checkpoint, concurrency: settings.pipeline.concurrency, resources: { dns: { concurrency: 16 }, ...runtime.resources() } });
    const run = engine.createRun({ leadIds: leads.map((l) => l.id) });
    hs.resetStats();
    const t0 = performance.now();
    const final = await engine.start(run.id);
    const wallMs = performance.now() - t0;
    await runtime.close();
    if (final.status !== 'done') throw new Error(`run ended ${final.status}`);

    const requests: Record<string, number> = {};
    for (const e of hs.requests) {
      const kind = e.path
        .replace(/^\/crm\/v3\/owners\/.+$/, '/crm/v3/owners/{id}')
        .replace(/^\/crm\/v4\/objects\/(\w+)\/[^/]+\/associations\/(\w+)$/, '/crm/v4/objects/$1/{id}/associations/$2');
      const key = `${e.method} ${kind}`;
      requests[key] = (requests[key] ?? 0) + 1;
    }
    let known = 0;
    let customers = 0;
    let owned = 0;
    let failed = 0;
    const outputs: string[] = [];
    for (const l of [...leads].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const t: Task | undefined = checkpoint.tasks.get(`${run.id}:${l.id}:enrich.crm`);
      const out = t?.output as { status?: string; fields?: Record<string, unknown> } | undefined;
      if (t?.status !== 'done' || !out || (out.status !== 'ok' && out.status !== 'empty')) failed++;
      const f = out?.fields ?? {};
      if (Object.keys(f).length) known++;
      if (f.crmIsCustomer === true) customers++;
      if (f.crmOwner !== undefined) owned++;
      outputs.push(`${l.id}=${JSON.stringify(Object.entries(f).sort(([a], [b]) => (a < b ? -1 : 1)))}`);
    }
    return {
      leads: leads.length,
      wallMs: Math.round(wallMs),
      leadsPerSec: Math.round((leads.length / (wallMs / 1000)) * 10) / 10,
      requests,
      totalRequests: hs.requests.length,
      rateLimited: hs.requests.filter((e) => e.status === 429).length,
      known,
      customers,
      owned,
      failed,
      batches,
      digest: createHash('sha1').update(outputs.join('\n')).digest('hex'),
    };
  } finally {
    await store.close();
    await hs.close();
  }
}

// `node --import tsx test/bench/crm-history.ts [--leads N] [--csv FILE]` prints the figures as JSON.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const n = arg('--leads');
  const csv = arg('--csv');
  const r = await measureCrmHistory({ ...(n ? { leads: Number(n) } : {}), ...(csv ? { csv } : {}) });
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
}
