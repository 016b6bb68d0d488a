/**
 * CRM sync benchmark: 10,000 contacts synced to the HubSpot emulator enforcing HubSpot's burst limit of 100 requests
 * per rolling 10 s, through the real stack (CRM runtime → sync engine → HubSpot adapter → @hubspot/api-client → HTTP).
 *
 * Workload: 10,000 person leads processed by the real lead flow (list + email-domain sources), synced with the
 * default HubSpot contact mapping (email, names, title, phone, city, country, industry, leadforge_score, reasons,
 * classification, seniority, lead id; companies and draft notes are not part of this figure), into an empty portal
 * (LeadForge's custom properties are created by the sync itself). The adapter runs with its production limits.
 *
 * The ratio, defined honestly:
 * - A policy-respecting sync of N new contacts needs at least R_min = S + 2·⌈N/100⌉ requests: per batch of 100, one
 *   batch read by email (the current values, to honour overwrite policies and find existing contacts) and one batch
 *   upsert; plus S, the schema requests made once per sync (describe the contact properties, ensure the `leadforge`
 *   group and properties), counted from the emulator's log.
 * - Under "at most C = 100 requests in any rolling W = 10 s window" starting from an idle portal, R requests cannot
 *   complete sooner than T_min(R) = ⌊(R − 1) / C⌋ · W (the first C at once, each later C a full window after).
 * - hubspotRateLimitRatio = T_min(R_min) / T_actual, where T_actual is the wall time of `crm:sync`. It is 1.0 only for
 *   a sync that makes no request beyond R_min and loses no time to its own work, retries or 429s; it cannot exceed 1
 *   (no burst credit). hubspotRecordsPerSec = N / T_actual; allowedRecordsPerSec = N / T_min(R_min).
 *
 * No assertions: `npm run bench` reports the figures (target ratio ≥ 0.9).
 */
import { SettingsSchema } from '@shared/index';
import { createAdapterFactory } from '../../electron/core/crm/adapters';
import { defaultMapping } from '../../electron/core/crm/mapping';
import { createCrmRuntime } from '../../electron/core/crm/runtime';
import { memorySecrets } from '../../electron/core/secrets';
import { Store } from '../../electron/core/store/store';
import { startHubSpotEmulator } from '../emulators/hubspot';
import { makeLead, nameOf, processLeads, tempDir } from '../unit/crm/helpers';

export interface CrmBenchResult {
  /** Contacts synced per second of wall time. */
  hubspotRecordsPerSec: number;
  /** T_min(R_min) / T_actual (see the file comment). */
  hubspotRateLimitRatio: number;
  contacts: number;
  wallMs: number;
  /** Requests the sync made (adapter count) and the minimum a policy-respecting sync needs. */
  requests: number;
  minRequests: number;
  schemaRequests: number;
  /** 429 answers received (0 when the adapter's own limiter keeps under the portal's limit). */
  rateLimited: number;
  /** N / T_min(R_min): the records/s the limit allows with batching. */
  allowedRecordsPerSec: number;
  /** Most requests the emulator admitted in one rolling window (≤ 100). */
  peakRequestsInWindow: number;
  /** Requests per second over the sync, and that rate ÷ the limit's 10 requests/s (request-level utilisation). */
  requestsPerSec: number;
  requestUtilisation: number;
  failed: number;
  duplicates: number;
}

/** Runs the benchmark (about 30 s of setup and 21 s of sync). @param opts.contacts default 10,000 */
export async function measureCrm(opts: { contacts?: number } = {}): Promise<CrmBenchResult> {
  const N = opts.contacts ?? 10_000;
  const C = 100;
  const W = 10_000;
  const hs = await startHubSpotEmulator({ rateLimit: { max: C, intervalMs: W }, shuffleBatchResults: true });
  const store = await Store.open({ dataDir: tempDir('leadforge-bench-crm-') });
  try {
    const leads = Array.from({ length: N }, (_, i) => {
      const { first, last } = nameOf(i);
      return makeLead({
        id: `B${i}`,
        dedupeKey: `email:${i}`,
        firstName: first,
        lastName: last,
        email: `${first.toLowerCase()}.${last.toLowerCase()}.${i}@bench${i % 400}.example`,
        title: ['VP Sales', 'Founder', 'Head of Growth', 'CTO'][i % 4],
        phone: `+1 415 555 ${String(i % 10_000).padStart(4, '0')}`,
        city: 'San Francisco',
        country: 'United States',
        industry: 'SaaS',
      });
    });
    await processLeads(store, leads, SettingsSchema.parse({ pipeline: { dnsEnabled: false } }));
    const settings = SettingsSchema.parse({
      crm: {
        active: 'hubspot',
        logDraftActivity: false,
        hubspot: { baseUrl: hs.url },
        mappings: { hubspot: defaultMapping('hubspot').filter((e) => e.role === 'person'), salesforce: [] },
      },
    });
    const runtime = createCrmRuntime({
      store,
      settings: () => settings,
      secrets: memorySecrets({ 'hubspot.accessToken': hs.privateAppToken }),
      openExternal: async () => undefined,
      emit: () => undefined,
      adapters: createAdapterFactory(),
    });
    // Load and construct the HubSpot SDK once (the runtime imports it on first use, and the first client costs
    // ~0.7 s to build): a one-time process cost, not sync throughput. No request is made.
    const warm = await createAdapterFactory().fromSecrets('hubspot', settings, memorySecrets({ 'hubspot.accessToken': hs.privateAppToken }));
    (warm as { close?: () => void } | undefined)?.close?.();
    hs.resetStats();
    const t0 = performance.now();
    const result = await runtime.api['crm:sync']({ kind: 'hubspot' });
    const wallMs = performance.now() - t0;
    await runtime.close();

    const log = hs.requests;
    const schemaRequests = log.filter((e) => e.path.startsWith('/crm/v3/properties')).length;
    const minRequests = schemaRequests + 2 * Math.ceil(N / C);
    const tMinMs = Math.floor((minRequests - 1) / C) * W;
    const emails = new Set(hs.records('contacts').map((c) => (c.properties.email ?? '').toLowerCase()));
    return {
      hubspotRecordsPerSec: round(N / (wallMs / 1000), 1),
      hubspotRateLimitRatio: round(tMinMs / wallMs, 3),
      contacts: hs.records('contacts').length,
      wallMs: Math.round(wallMs),
      requests: result.requests,
      minRequests,
      schemaRequests,
      rateLimited: log.filter((e) => e.status === 429).length,
      allowedRecordsPerSec: round(N / (tMinMs / 1000), 1),
      peakRequestsInWindow: hs.stats().burstPeak,
      requestsPerSec: round(result.requests / (wallMs / 1000), 2),
      requestUtilisation: round(result.requests / (wallMs / 1000) / (C / (W / 1000)), 3),
      failed: result.failed,
      duplicates: hs.records('contacts').length - emails.size,
    };
  } finally {
    await store.close();
    await hs.close();
  }
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

// `node --import tsx test/bench/crm.ts [--contacts N]` prints the figures as JSON.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const i = process.argv.indexOf('--contacts');
  const r = await measureCrm(i > 0 ? { contacts: Number(process.argv[i + 1]) } : {});
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
}
